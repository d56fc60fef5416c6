"""The database as the outage record sees it: which errors say it does not answer, and the
signal that it answers again.

Only errors of the connection count (refused, timed out, closed under a query, a file SQLite
cannot open): they are Django's OperationalError and InterfaceError. A ProgrammingError or an
IntegrityError is a fault of the code or of the data, not an outage: it stays an error (a 500,
a traceback in the log), never hidden behind a kept page or a spooled opinion.

The outage ends when a connection is made again: Django opens a new one after a failure (it
closes a connection that failed at the end of the request), and `connection_created` says so.
"""

from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError
from django.db.backends.base.base import BaseDatabaseWrapper

from operations import outages

UNAVAILABLE = (OperationalError, InterfaceError)


def connected(sender: type, connection: BaseDatabaseWrapper, **kwargs) -> None:
    """`connection_created` receiver: the site's database answers (again)."""
    if connection.alias == DEFAULT_DB_ALIAS:
        outages.answered(outages.DATABASE)
