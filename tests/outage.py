"""A database that does not answer, for real: the default connection is swapped for one whose
settings point at a port nobody listens on (PostgreSQL) or at a file SQLite cannot open, so every
query fails as in an outage, with the driver's own error. The test's connection, and the
transaction it runs in, are put back untouched afterwards."""

import socket
from collections.abc import Iterator
from contextlib import contextmanager

from django.db import DEFAULT_DB_ALIAS, connections
from django.db.backends.base.base import BaseDatabaseWrapper


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # free again once closed: nothing listens there


@contextmanager
def database_down() -> Iterator[BaseDatabaseWrapper]:
    working = connections[DEFAULT_DB_ALIAS]
    settings = {**working.settings_dict}
    if working.vendor == "sqlite":
        settings["NAME"] = "/nonexistent/immuno/db.sqlite3"
    else:
        settings["HOST"], settings["PORT"] = "127.0.0.1", _closed_port()
    broken = type(working)(settings, DEFAULT_DB_ALIAS)
    connections[DEFAULT_DB_ALIAS] = broken
    try:
        yield broken
    finally:
        broken.close()
        connections[DEFAULT_DB_ALIAS] = working
