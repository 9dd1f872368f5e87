"""Rasa's Redis lock store, made safe for several Rasa instances sharing one Redis.

Named in endpoints.yml through `LOCK_STORE_TYPE=locking.SharedRedisLockStore` (the production
profile; one instance, as in `make run`, uses `in_memory`). The lock makes the turns of one
conversation run one after the other, whichever instance receives them. Two changes to
rasa.core.lock_store.RedisLockStore:

- an unreachable Redis stops the server at start-up with a clear message. Rasa's store only
  connects on the first message, and its REST channel then answers every parent with an empty
  reply, the error going to the log only;
- every change to a conversation's lock is one Redis transaction (WATCH/MULTI/EXEC). Rasa's
  store reads the lock, changes it in memory and writes it back, so two instances taking a
  ticket at the same moment can both get the same number and answer one conversation at once,
  or one can overwrite the other's ticket (Rasa fixed this only in Rasa Pro, RasaHQ/rasa#11256).
  The key also expires with its last ticket, so an instance killed mid-turn leaves nothing behind.
"""
from __future__ import annotations

import json
import os
import time
from typing import Any, Callable, Dict, Optional, Text, TypeVar

import redis
from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

Result = TypeVar("Result")


def check_reachable(client: redis.Redis, shown: str) -> None:
    """Ping Redis (retrying while it starts up), or stop the process explaining why."""
    attempts = int(os.environ.get("LOCK_STORE_CONNECT_ATTEMPTS", "6"))
    for attempt in range(1, attempts + 1):
        try:
            client.ping()
            return
        except redis.RedisError as error:
            if attempt == attempts:
                raise SystemExit(
                    f"Refusing to start: the lock store Redis at {shown} cannot be reached after {attempts} "
                    f"attempts ({error.__class__.__name__}: {str(error).splitlines()[0]}). Without it, two "
                    "Rasa instances could answer the same conversation at once. Check REDIS_HOST, REDIS_PORT, "
                    "REDIS_DB and REDIS_PASSWORD."
                ) from None
            time.sleep(5)


class SharedRedisLockStore(RedisLockStore):
    """RedisLockStore whose lock changes are atomic, and which never runs without its Redis."""

    def __init__(self, endpoint_config: EndpointConfig) -> None:
        options: Dict[str, Any] = dict(endpoint_config.kwargs)
        prefix = str(options.get("key_prefix") or "")
        if prefix and not prefix.isalnum():
            raise SystemExit(f"Refusing to start: REDIS_KEY_PREFIX={prefix!r} must be letters and digits only.")
        if not options.get("password"):
            options.pop("password", None)  # an empty REDIS_PASSWORD means "no password"
        host = endpoint_config.url or "localhost"
        super().__init__(host=host, **options)
        check_reachable(self.red, f"{host}:{options.get('port', 6379)} (database {options.get('db', 1)})")

    def issue_ticket(self, conversation_id: Text, lock_lifetime: float = LOCK_LIFETIME) -> int:
        """Take the next ticket for the conversation, in one transaction."""
        try:
            return self._change(conversation_id, lambda lock: lock.issue_ticket(lock_lifetime), create=True)
        except redis.RedisError as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: Text) -> None:
        """Drop the conversation's expired tickets, in one transaction."""
        self._change(conversation_id, lambda lock: lock.remove_expired_tickets())

    def cleanup(self, conversation_id: Text, ticket_number: int) -> None:
        """Give back a ticket, and the lock with it when nobody waits, in one transaction."""
        self._change(conversation_id, lambda lock: lock.remove_ticket_for(ticket_number))

    def _change(self, conversation_id: Text, change: Callable[[TicketLock], Result],
                create: bool = False) -> Optional[Result]:
        """Read, change and write back one lock; Redis retries it if another instance wrote in between."""
        key = self.key_prefix + conversation_id

        def transaction(pipe: redis.client.Pipeline) -> Optional[Result]:
            stored = pipe.get(key)
            if stored:
                lock = TicketLock.from_dict(json.loads(stored))
            elif create:
                lock = self.create_lock(conversation_id)
            else:
                return None
            result = change(lock)
            lock.remove_expired_tickets()
            pipe.multi()
            if lock.tickets:
                lives_ms = max(ticket.expires for ticket in lock.tickets) - time.time()
                pipe.set(key, lock.dumps(), px=max(1, int(lives_ms * 1000)))
            else:
                pipe.delete(key)
            return result

        return self.red.transaction(transaction, key, value_from_callable=True)
