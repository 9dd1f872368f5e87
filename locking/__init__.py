"""Conversation locks shared by several Rasa instances (endpoints.yml `lock_store:`)."""
from locking.lock_store import SharedRedisLockStore

__all__ = ["SharedRedisLockStore"]
