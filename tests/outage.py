"""Outages for the tests that run the site in their own process: the cache moved to the Redis a
test chooses (the fixtures of tests/conftest.py choose one behind a proxy the test cuts, one that
hangs, or none at all), and a database that does not answer. The proxies, and the outages of the
site under gunicorn, are scripts/fault_harness.py's."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from scripts.gunicorn_server import free_port

# What the `database_down` fixture makes every query raise: the driver's words for a server away.
DATABASE_REFUSED = 'connection to server at "10.0.0.5", port 5432 failed: Connection refused'


def use_redis(settings, url: str) -> None:
    """The cache, and the feedback limits' store, in the Redis at `url`, as settings.py sets them."""
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "immuno",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


@contextmanager
def database_unreachable() -> Iterator[BaseDatabaseWrapper]:
    """A database that does not answer, for real (the `database_down` fixture only makes the
    cursor raise): the default connection is swapped for one whose settings point at a port
    nobody listens on (PostgreSQL) or at a file SQLite cannot open, so every query fails as in an
    outage, with the driver's own error, connection included. The test's connection, and the
    transaction it runs in, are put back untouched afterwards."""
    working = connections[DEFAULT_DB_ALIAS]
    settings = {**working.settings_dict}
    if working.vendor == "sqlite":
        settings["NAME"] = "/nonexistent/immuno/db.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", free_port()  # nothing listens there
    broken = type(working)(settings, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield broken
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = working
