import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.publishing import invalidate_site
from operations import postgresql


class Command(BaseCommand):
    help = (
        "Remplace le contenu de la base par une sauvegarde faite avec backup_db (site arrêté) "
        "et invalide les pages en cache."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="fichier écrit par backup_db")

    def handle(self, *args, backup: str, **options) -> None:
        source = Path(backup)
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError(f"Restauration non prise en charge pour la base {connection.vendor}.")
        if not source.is_file():
            raise CommandError(f"Sauvegarde introuvable : {source}")
        if connection.vendor == "sqlite":
            self._sqlite(source)
        else:
            self._postgresql(source)
        # Cached pages were made from the rows the restore replaced.
        invalidate_site()
        self.stdout.write(f"Base restaurée depuis {source} ; pages en cache invalidées.")

    def _sqlite(self, source: Path) -> None:
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError(f"Sauvegarde endommagée : {source}")
            copy.backup(connection.connection)
        copy.close()

    def _postgresql(self, source: Path) -> None:
        # One transaction: a dump that fails half-way leaves the database as it was.
        postgresql.run("pg_restore", "--clean", "--if-exists", "--no-owner", "--single-transaction", str(source))
