"""Production scale-out: nginx, several Rasa instances, PostgreSQL and Redis, as real processes."""
