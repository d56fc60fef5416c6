import sqlite3
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from operations import postgresql


class Command(BaseCommand):
    help = "Écrit une copie cohérente de la base de données (SQLite : API de sauvegarde ; PostgreSQL : pg_dump)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--output", help="fichier à écrire (par défaut backups/AAAA-MM-JJ-HHMMSS.*)")

    def handle(self, *args, output: str | None, **options) -> None:
        vendor = connection.vendor
        suffix = {"sqlite": "sqlite3", "postgresql": "dump"}.get(vendor)
        if suffix is None:
            raise CommandError(f"Sauvegarde non prise en charge pour la base {vendor}.")
        target = Path(output or settings.BASE_DIR / "backups" / f"{timezone.localtime():%Y-%m-%d-%H%M%S}.{suffix}")
        target.parent.mkdir(parents=True, exist_ok=True)
        if vendor == "sqlite":
            self._sqlite(target)
        else:
            self._postgresql(target)
        self.stdout.write(f"Sauvegarde écrite : {target}")

    def _sqlite(self, target: Path) -> None:
        connection.ensure_connection()
        # The online backup API copies a consistent snapshot even while the site keeps writing.
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()

    def _postgresql(self, target: Path) -> None:
        postgresql.run("pg_dump", "--format=custom", f"--file={target}", "--no-owner")
