"""Write the search index again from the published revisions (after a restore from an old backup,
or if the index was emptied by hand). Publishing keeps it up to date otherwise."""

from django.core.management.base import BaseCommand
from django.db import transaction

from articles import search_index


class Command(BaseCommand):
    help = "Refait l’index de recherche à partir des versions publiées (en ligne ou programmées)."

    def handle(self, *args, **options) -> None:
        with transaction.atomic():
            count = search_index.rebuild()
        self.stdout.write(f"Index de recherche refait : {count} version(s) publiée(s) indexée(s).")
