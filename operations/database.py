"""The database as the outage record sees it: which errors say it does not answer, and noticing
that it answers again.

Only errors of the connection count (refused, timed out, closed under a query, a file SQLite
cannot open, a lock SQLite waited for in vain): they are Django's OperationalError and
InterfaceError. A ProgrammingError or an IntegrityError is a fault of the code or of the data,
not an outage: it stays an error (a 500, a traceback in the log), never hidden behind a kept page
or a spooled opinion.

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
