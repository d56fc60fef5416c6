"""The Redis cache the site uses when REDIS_URL is set: a Redis that stops answering costs readers
speed, never a page.

Every call to Redis goes through `call`. While `outages` says the cache is down and its retry time
has not come, Redis is not touched; a call Redis fails on (refused, reset, timed out: a
blackholed server costs REDIS_TIMEOUT once per retry, not once per request) marks the outage. Either
way the cache answers as it does for a key it does not hold: get → the default, get_many → {},
add, touch, delete and has_key → False, incr → ValueError. Pages are then made from the database,
sessions read from it (cached_db) and the feedback limits use their database rows.

A write missed during an outage would leave behind, once Redis is back, the value from before it,
read as current: the version of a page's tags from before a publication (the old page served as
the new one), a session deleted at log-out (signed in again). So the keys of the writes missed are
remembered, up to MISSED_KEYS_MAX (past it, only that there were too many), and deleted before the
first call that reaches Redis again; too many deletes every key under the site's KEY_PREFIX instead,
never FLUSHDB, which would take another application's keys in the same database.

The memory is the process's own, as is its view of the outage: a write missed by one server process
is undone when that process reaches Redis again (at its next request after its retry time), and
until then another process that is back already may read the value from before the outage.
"""

import logging
import re
import threading
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TypeVar

import redis
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

from operations import outages

logger = logging.getLogger(__name__)

# What a Redis that is away raises: refused, reset or closed connections, timeouts, a server still
# loading its data (BusyLoadingError is a ConnectionError), and the socket errors beneath them.
REDIS_DOWN = (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError)

MISSED_KEYS_MAX = 1000
DELETE_BATCH = 500

T = TypeVar("T")


class CacheUnavailable(Exception):
    """Redis was not tried (an outage's retry time has not come) or did not answer."""


def call(function: Callable[..., T], *args) -> T:
    """`function(*args)`, a call to Redis, unless the cache is skipped; CacheUnavailable when it
    is skipped or Redis fails, which `outages` records (and a success ends an outage)."""
    if not outages.should_try(outages.CACHE):
        raise CacheUnavailable
    try:
        result = function(*args)
    except REDIS_DOWN as error:
        outages.failed(outages.CACHE, error)
        raise CacheUnavailable from error
    outages.answered(outages.CACHE)
    return result


@dataclass
class MissedWrites:
    """The keys written or deleted while Redis was unavailable, to delete once it is back."""

    keys: set[str] = field(default_factory=set)
    too_many: bool = False

    def __bool__(self) -> bool:
        return self.too_many or bool(self.keys)

    def remember(self, keys: Iterable[str] | None) -> None:
        """Remember `keys`; None: the whole cache was written (cleared)."""
        with _lock:
            if self.too_many:
                return
            if keys is not None:
                self.keys.update(keys)
            if keys is None or len(self.keys) > MISSED_KEYS_MAX:
                self.too_many, self.keys = True, set()

    def take(self) -> tuple[set[str], bool]:
        with _lock:
            taken = self.keys, self.too_many
            self.keys, self.too_many = set(), False
        return taken

    def give_back(self, keys: set[str], too_many: bool) -> None:
        self.remember(None if too_many else keys)


_lock = threading.Lock()
# By Redis servers and key prefix: the caches of one process share what they missed (Django makes
# one cache object per thread).
_missed: dict[tuple[tuple[str, ...], str], MissedWrites] = {}


def missed_writes(servers: Iterable[str], prefix: str) -> MissedWrites:
    with _lock:
        return _missed.setdefault((tuple(servers), prefix), MissedWrites())


def reset() -> None:
    """Forget every missed write (tests), also in the cache objects that hold their record."""
    with _lock:
        for missed in _missed.values():
            missed.keys, missed.too_many = set(), False


class ResilientRedisCacheClient(RedisCacheClient):
    """Django's Redis client, each call guarded (see the module's docstring)."""

    def __init__(self, servers: list[str], missed: MissedWrites, prefix: str, **options) -> None:
        super().__init__(servers, **options)
        self._missed = missed
        self._prefix = prefix

    def _guarded(self, miss: T, method: Callable[..., T], *args, writes: Iterable[str] | None = ()) -> T:
        """`method(*args)` if Redis answers, else `miss`; `writes`: the keys the call changes
        (None: all of them), remembered when it does not reach Redis."""
        try:
            if self._missed:
                call(self._forget_missed)
            return call(method, *args)
        except CacheUnavailable:
            if writes is None or writes:
                self._missed.remember(writes)
            return miss

    def _forget_missed(self) -> None:
        keys, too_many = self._missed.take()
        if not keys and not too_many:
            return  # another thread has just done it
        try:
            client = self.get_client(write=True)
            if too_many:
                deleted = _delete_prefixed(client, self._prefix)
            else:
                for batch in _batches(sorted(keys)):
                    client.delete(*batch)
                deleted = len(keys)
        except BaseException:
            self._missed.give_back(keys, too_many)
            raise
        what = f"every key under the prefix {self._prefix!r}" if too_many else "the keys"
        logger.warning("cache back: %s written while it was unavailable deleted (%d)", what, deleted)

    def add(self, key, value, timeout):
        return self._guarded(False, super().add, key, value, timeout, writes=[key])

    def get(self, key, default):
        return self._guarded(default, super().get, key, default)

    def set(self, key, value, timeout):
        return self._guarded(None, super().set, key, value, timeout, writes=[key])

    def touch(self, key, timeout):
        return self._guarded(False, super().touch, key, timeout, writes=[key])

    def delete(self, key):
        return self._guarded(False, super().delete, key, writes=[key])

    def get_many(self, keys):
        return self._guarded({}, super().get_many, keys)

    def has_key(self, key):
        return self._guarded(False, super().has_key, key)

    def incr(self, key, delta):
        missing = object()
        result = self._guarded(missing, super().incr, key, delta, writes=[key])
        if result is missing:
            raise ValueError(f"Key '{key}' not found.")  # as for a key the cache does not hold
        return result

    def set_many(self, data, timeout):
        return self._guarded(None, super().set_many, data, timeout, writes=list(data))

    def delete_many(self, keys):
        keys = list(keys)
        return self._guarded(None, super().delete_many, keys, writes=keys)

    def clear(self):
        return self._guarded(False, super().clear, writes=None)


class ResilientRedisCache(RedisCache):
    """Django's Redis cache backend, answering as for a missing key while Redis is unavailable."""

    @cached_property
    def _cache(self) -> ResilientRedisCacheClient:
        missed = missed_writes(self._servers, self.key_prefix)
        return ResilientRedisCacheClient(self._servers, missed, self.key_prefix, **self._options)


def _delete_prefixed(client: redis.Redis, prefix: str) -> int:
    # Django's keys are "<prefix>:<version>:<key>"; the prefix is escaped for Redis's glob pattern.
    pattern = re.sub(r"([*?\[\]\\])", r"\\\1", prefix) + ":*"
    deleted = 0
    for batch in _batches(client.scan_iter(match=pattern, count=DELETE_BATCH)):
        deleted += client.unlink(*batch)
    return deleted


def _batches(items: Iterable[T]) -> Iterator[list[T]]:
    iterator = iter(items)
    while batch := list(islice(iterator, DELETE_BATCH)):
        yield batch
