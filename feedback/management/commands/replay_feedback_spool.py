from django.core.management.base import BaseCommand

from feedback import spool


class Command(BaseCommand):
    help = (
        "Enregistre les avis reçus pendant une panne de la base de données et gardés dans "
        "FEEDBACK_SPOOL_DIR (le site le fait seul dès que la base répond)."
    )

    def handle(self, *args, **options) -> None:
        done = spool.replay()
        self.stdout.write(f"Avis enregistrés : {done.stored}")
        self.stdout.write(f"Déjà enregistrés : {done.already}")
        self.stdout.write(
            f"Refusés, article introuvable : {done.rejected} (voir {spool.folder() / spool.REJECTED_FILE})"
        )
        if done.unreadable:
            self.stdout.write(f"Lignes illisibles ignorées (coupées par un arrêt brutal) : {done.unreadable}")
