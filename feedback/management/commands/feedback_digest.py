from django.core.mail import get_connection
from django.core.management.base import BaseCommand, CommandError

from feedback import digest


class Command(BaseCommand):
    help = (
        "Envoie à chaque rédacteur d’un article (qui en a enregistré une version ces 90 derniers jours, ou "
        "en est l’auteur) les chiffres et les nouveaux commentaires des lecteurs de la période."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=7, metavar="JOURS", help="la période, en jours (7 par défaut)")

    def handle(self, *args, days: int, **options) -> None:
        if days < 1:
            raise CommandError("--days doit être un nombre de jours supérieur ou égal à 1.")
        messages = digest.messages(days)
        sent = get_connection().send_messages(messages) if messages else 0
        self.stdout.write(f"{sent} message(s) envoyé(s).")
