"""Creates a writer's or a medical reviewer's account, for a team that has no admin screen open yet."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError

ROLES = {"redacteur": "Rédacteurs", "relecteur": "Relecteurs médicaux"}


class Command(BaseCommand):
    help = "Crée un compte de rédacteur ou de relecteur médical et affiche son mot de passe une fois."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--name", default="", help="Prénom et nom, affichés dans l’historique.")

    def handle(self, *args, username: str, role: str, name: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Le compte « {username} » existe déjà.")
        first, _, last = name.partition(" ")
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(
            username=username, password=password, is_staff=True, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=ROLES[role]))
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCompte créé ({ROLES[role]}) : notez ce mot de passe, il ne sera plus affiché.\n"
                f"  Utilisateur  : {username}\n  Mot de passe : {password}\n"
            )
        )
