import secrets

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Crée un compte d’administration local au premier lancement et affiche son mot de passe une fois."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--username", default=settings.ADMIN_USERNAME)

    def handle(self, *args, username: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(is_superuser=True).exists():
            self.stdout.write("Compte d’administration existant conservé (mot de passe inchangé).")
            return
        password = secrets.token_urlsafe(16)
        User.objects.create_superuser(username=username, email="", password=password)
        self.stdout.write(
            self.style.SUCCESS(
                "\nCompte d’administration créé : notez ce mot de passe, il ne sera plus affiché.\n"
                f"  Adresse      : /admin/\n  Utilisateur  : {username}\n  Mot de passe : {password}\n"
            )
        )
