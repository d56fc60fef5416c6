import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from articles.page_cache import invalidate_pages


class Command(BaseCommand):
    help = "Remplace le contenu de la base SQLite par une sauvegarde faite avec backup_db (site arrêté)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("backup", help="fichier écrit par backup_db")

    def handle(self, *args, backup: str, **options) -> None:
        source = Path(backup)
        if connection.vendor != "sqlite":
            raise CommandError("Pour PostgreSQL, restaurez avec : pg_restore --clean --no-owner -d BASE FICHIER.dump")
        if not source.is_file():
            raise CommandError(f"Sauvegarde introuvable : {source}")
        connection.ensure_connection()
        with sqlite3.connect(f"file:{source}?mode=ro", uri=True) as copy:
            if copy.execute("PRAGMA integrity_check").fetchone()[0] != "ok":
                raise CommandError(f"Sauvegarde endommagée : {source}")
            copy.backup(connection.connection)
        copy.close()
        # Cached pages were made from the rows the restore replaced.
        invalidate_pages()
        self.stdout.write(f"Base restaurée depuis {source} ; pages en cache invalidées.")
