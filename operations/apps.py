from django.apps import AppConfig
from django.db.backends.signals import connection_created


class OperationsConfig(AppConfig):
    """What an operator runs the site with: backups, the admin account, the health check."""

    name = "operations"
    verbose_name = "Exploitation"

    def ready(self) -> None:
        from operations import database

        # The end of a database outage is noticed by the first connection made after it.
        connection_created.connect(database.connected, dispatch_uid="operations.database.connected")
