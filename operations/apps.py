from django.apps import AppConfig


class OperationsConfig(AppConfig):
    """What an operator runs the site with: backups, the admin account, the health check."""

    name = "operations"
    verbose_name = "Exploitation"
