"""For a cron job: record the scheduled publications and ends that are due (see
articles.publishing.apply_due_switches; readers get them at their minute without it)."""

from django.core.management.base import BaseCommand

from articles.publishing import apply_due_switches


class Command(BaseCommand):
    help = "Enregistre les publications et dépublications programmées arrivées à échéance."

    def handle(self, *args, **options) -> None:
        done = apply_due_switches()
        for line in done:
            self.stdout.write(line)
        self.stdout.write(f"{len(done)} changement(s) programmé(s) appliqué(s).")
