"""Creates a writer's or a medical reviewer's account, for a team that has no admin screen open yet."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandError
from django.utils.text import slugify

from articles.models import Person

ROLES = {"redacteur": "Rédacteurs", "relecteur": "Relecteurs médicaux"}


class Command(BaseCommand):
    help = "Crée un compte de rédacteur ou de relecteur médical et affiche son mot de passe une fois."

    def add_arguments(self, parser) -> None:
        parser.add_argument("username")
        parser.add_argument("--role", choices=sorted(ROLES), required=True)
        parser.add_argument("--name", default="", help="Prénom et nom, affichés dans l’historique.")
        parser.add_argument(
            "--profession",
            default="",
            help="Crée aussi la fiche que voient les lecteurs (par exemple « médecin oncologue ») : "
            "un relecteur en a besoin pour signer une relecture médicale complète.",
        )

    def handle(self, *args, username: str, role: str, name: str, profession: str, **options) -> None:
        User = get_user_model()
        if User.objects.filter(username=username).exists():
            raise CommandError(f"Le compte « {username} » existe déjà.")
        slug = slugify(name or username)
        if profession and Person.objects.filter(slug=slug).exists():
            raise CommandError(f"Une fiche « {slug} » existe déjà : reliez-la au compte dans l’administration.")
        first, _, last = name.partition(" ")
        password = secrets.token_urlsafe(16)
        user = User.objects.create_user(
            username=username, password=password, is_staff=True, first_name=first, last_name=last
        )
        user.groups.add(Group.objects.get(name=ROLES[role]))
        if profession:
            Person.objects.create(name=name or username, slug=slug, profession=profession, user=user)
        self.stdout.write(
            self.style.SUCCESS(
                f"\nCompte créé ({ROLES[role]}) : notez ce mot de passe, il ne sera plus affiché.\n"
                f"  Utilisateur  : {username}\n  Mot de passe : {password}\n"
            )
        )
