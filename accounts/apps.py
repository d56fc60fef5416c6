from django.apps import AppConfig


class AccountsConfig(AppConfig):
    """Staff accounts and how they sign in to the admin: password, then a second factor."""

    name = "accounts"
    verbose_name = "Comptes"

    def ready(self) -> None:
        from accounts import checks  # noqa: F401  (registers the deployment check)
