"""How pg_dump and pg_restore reach the database the site uses."""

import os
import shutil
import subprocess

from django.core.management.base import CommandError
from django.db import connection


def run(program: str, *arguments: str) -> None:
    """Run a PostgreSQL client program on the site's database, with its host, port and user."""
    if shutil.which(program) is None:
        raise CommandError(f"{program} est introuvable : installez le client PostgreSQL.")
    db = connection.settings_dict
    command = [program, *arguments, f"--dbname={db['NAME']}"]
    for flag, key in (("--host", "HOST"), ("--port", "PORT"), ("--username", "USER")):
        if db.get(key):
            command.append(f"{flag}={db[key]}")
    env = {**os.environ, "PGPASSWORD": db.get("PASSWORD") or ""}
    subprocess.run(command, check=True, env=env)  # noqa: S603
