"""A database that does not answer, for real (the `database_down` fixture only makes the cursor
raise): the default connection is swapped for one whose settings point at a port nobody listens
on (PostgreSQL) or at a file SQLite cannot open, so every query fails as in an outage, with the
driver's own error, connection included. The test's connection, and the transaction it runs in,
are put back untouched afterwards."""

from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper

from tests.cache_outage import free_port


@contextmanager
def database_unreachable() -> Iterator[BaseDatabaseWrapper]:
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
