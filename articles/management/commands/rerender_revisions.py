"""After a change of the Markdown renderer: remake every version's HTML from its text."""

from django.core.management.base import BaseCommand

from articles.publishing import rerender


class Command(BaseCommand):
    help = (
        "Refait le HTML de chaque version à partir de son texte, après un changement du moteur de rendu "
        "(sans nouvelle relecture : le texte ne change pas)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="toutes les versions, même à jour")

    def handle(self, *args, all: bool, **options) -> None:
        count = rerender(force=all)
        self.stdout.write(f"{count} version(s) remise(s) en page ; pages en cache invalidées.")
