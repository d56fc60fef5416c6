"""The database as the outage record sees it: which errors say it does not answer, and noticing
that it answers again.

Only errors of the connection count (`is_outage`): refused, timed out, closed under a query, a
server shutting down or full of connections, a file SQLite cannot open, a lock SQLite waited for
in vain. Django raises them as OperationalError or InterfaceError, but OperationalError also
covers faults of the code or of the data (SQLite's "no such table" before a migrate, a statement
cancelled by its timeout, a deadlock): those stay errors (a 500, a traceback in the log), never
hidden behind a kept page or a spooled opinion, and never take the process into an outage.
Callers catch UNAVAILABLE and re-raise what `is_outage` does not recognise.

The outage ends at the first query that succeeds: Django opens a new connection after a failure
(it closes one that failed at the end of the request), which `connection_created` reports, and a
connection kept open (SQLite's always is) reports each query it runs.
"""

from collections.abc import Callable
from typing import Any

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from operations import outages

UNAVAILABLE = (OperationalError, InterfaceError)

# PostgreSQL's SQLSTATEs of a server that cannot be reached or is going away: class 08
# (connection exception), shutting down (57P01-57P03), too many connections (53300).
POSTGRESQL_OUTAGE_CLASSES = ("08",)
POSTGRESQL_OUTAGE_CODES = frozenset({"57P01", "57P02", "57P03", "53300"})
# SQLite's result codes of a file that cannot be read now (extended codes start with these).
SQLITE_OUTAGE_CODES = ("SQLITE_CANTOPEN", "SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_IOERR")


def is_outage(error: BaseException) -> bool:
    """Whether `error` says the database does not answer, rather than that a query is wrong."""
    if isinstance(error, InterfaceError):
        return True  # a connection closed or unusable
    if not isinstance(error, OperationalError):
        return False
    cause = error.__cause__
    sqlstate = getattr(cause, "sqlstate", None)
    if sqlstate:
        return sqlstate.startswith(POSTGRESQL_OUTAGE_CLASSES) or sqlstate in POSTGRESQL_OUTAGE_CODES
    sqlite_code = getattr(cause, "sqlite_errorname", None)
    if sqlite_code:
        return sqlite_code.startswith(SQLITE_OUTAGE_CODES)
    # No code: libpq failing to connect or losing the connection (psycopg gives none then).
    return True


def _answered(execute: Callable, sql: str, params: Any, many: bool, context: dict) -> Any:
    result = execute(sql, params, many, context)
    outages.answered(outages.DATABASE)  # a dict lookup when nothing is down
    return result


def connected(sender: type, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """`connection_created` receiver: the site's database answers (again), and will say so at
    each query from now on."""
    if connection.alias != DEFAULT_DB_ALIAS:
        return
    outages.answered(outages.DATABASE)
    if _answered not in connection.execute_wrappers:
        connection.execute_wrappers.append(_answered)
