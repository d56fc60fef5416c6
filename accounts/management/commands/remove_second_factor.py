from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.devices import remove_devices


class Command(BaseCommand):
    help = (
        "Supprime l’application d’authentification d’un compte (téléphone perdu) : "
        "le compte se connecte de nouveau avec son mot de passe, puis en configure une autre."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")

    def handle(self, *args, username: str, **options) -> None:
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"Aucun compte ne s’appelle « {username} ».")
        if not remove_devices(user):
            self.stdout.write(f"« {username} » n’avait pas de double authentification.")
            return
        self.stdout.write(self.style.SUCCESS(f"Double authentification de « {username} » supprimée."))
