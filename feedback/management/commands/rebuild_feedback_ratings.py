from datetime import date

from django.core.management.base import BaseCommand, CommandError

from feedback import ratings


class Command(BaseCommand):
    help = (
        "Refait les comptes d’avis par jour (ceux du tableau de bord) à partir des avis enregistrés, "
        "depuis le jour donné ou depuis le début."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--since",
            metavar="AAAA-MM-JJ",
            help="Premier jour refait ; les jours d’avant gardent leurs comptes (même après purge_feedback).",
        )

    def handle(self, *args, since: str | None, **options) -> None:
        try:
            first = date.fromisoformat(since) if since else None
        except ValueError:
            raise CommandError(
                f"--since attend une date AAAA-MM-JJ, par exemple 2026-01-31, pas « {since} »."
            ) from None
        made = ratings.rebuild(first)
        self.stdout.write(
            f"{made} ligne(s) d’avis par jour refaite(s){f' depuis le {first:%d/%m/%Y}' if first else ''}."
        )
