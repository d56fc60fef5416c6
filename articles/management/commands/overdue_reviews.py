"""For a cron job: list the live articles whose medical review is overdue (articles.review_due)
and, with --email, remind the people who can review them (articles.review_reminders)."""

from django.core.mail import get_connection
from django.core.management.base import BaseCommand

from articles import review_reminders
from articles.roles import REVIEWERS_GROUP


class Command(BaseCommand):
    help = (
        "Liste les articles en ligne dont la relecture médicale est en retard ; avec --email, envoie à chaque "
        "relecteur la liste des siens, et celle des articles sans relecteur joignable aux relecteurs médicaux."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--email", action="store_true", help="Prévenir les relecteurs par e-mail.")

    def handle(self, *args, email: bool = False, **options) -> None:
        overdue = review_reminders.overdue_revisions()
        for revision in overdue:
            reviewer = revision.reviewer.name if revision.reviewer else "aucun"
            self.stdout.write(
                f"« {revision.title} » {review_reminders.public_url(revision)} : "
                f"{review_reminders.describe(revision)} (relecteur : {reviewer})"
            )
        count = len(overdue)
        self.stdout.write(f"{count} article{'s' if count > 1 else ''} en relecture médicale en retard.")
        if email:
            self._send(overdue)

    def _send(self, overdue: list) -> None:
        reminders, untold = review_reminders.reminders(overdue)
        sent = get_connection().send_messages([reminder.message() for reminder in reminders]) or 0
        for reminder in reminders:
            plural = "s" if reminder.count > 1 else ""
            self.stdout.write(
                f"E-mail envoyé à {reminder.name} <{reminder.user.email}> : {reminder.count} article{plural}."
            )
        self.stdout.write(f"{sent} e-mail{'s' if sent > 1 else ''} envoyé{'s' if sent > 1 else ''}.")
        if untold:
            self.stderr.write(
                f"Personne n’a été prévenu pour {len(untold)} article(s) : ni relecteur avec une adresse e-mail, "
                f"ni membre du groupe « {REVIEWERS_GROUP} » avec une adresse."
            )
