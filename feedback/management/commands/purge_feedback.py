from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from feedback.models import Feedback


class Command(BaseCommand):
    help = "Supprime les avis plus anciens que le nombre de jours indiqué (durée de conservation)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--older-than", type=int, required=True, metavar="JOURS", help="âge en jours")

    def handle(self, *args, older_than: int, **options) -> None:
        if older_than < 1:
            raise CommandError("--older-than doit être un nombre de jours supérieur ou égal à 1.")
        cutoff = timezone.now() - timedelta(days=older_than)
        deleted, _ = Feedback.objects.filter(created_at__lt=cutoff).delete()
        self.stdout.write(f"{deleted} avis de plus de {older_than} jours supprimé(s).")
