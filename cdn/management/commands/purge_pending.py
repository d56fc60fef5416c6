"""For a cron job: send the CDN the purges that failed (see cdn.purge). A purge still refused
makes the command fail, so cron's mail tells the operator."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cdn import purge
from cdn.models import PendingPurge


class Command(BaseCommand):
    help = "Envoie au CDN les purges restées en attente (par exemple chaque minute, depuis cron)."

    def handle(self, *args, **options) -> None:
        pending = PendingPurge.objects.count()
        if not settings.CDN_PURGE_URL:
            self.stdout.write(f"CDN_PURGE_URL n’est pas défini : rien n’est envoyé ({pending} purge(s) en attente).")
            return
        left = purge.send_pending()
        if left:
            oldest = PendingPurge.objects.order_by("pk").first()
            raise CommandError(
                f"{left} purge(s) toujours en attente, la plus ancienne du {timezone.localtime(oldest.created_at):%d/%m/%Y %H:%M} : "
                f"{oldest.last_error}. Vérifiez CDN_PURGE_URL et CDN_PURGE_TOKEN."
            )
        self.stdout.write(f"{pending} purge(s) envoyée(s) au CDN.")
