"""Tests that start real servers beside the test process need the database and cache to be shared
with them: PostgreSQL and Redis (as in CI), not SQLite and a file cache of the test's own."""

import os
import urllib.parse

import pytest
from django.db import connection

SHARED_SERVICES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and os.environ.get(
    "REDIS_URL", ""
).startswith("redis://")


def needs_shared_services(what: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED_SERVICES,
        reason=f"{what} needs a shared database and cache: set DATABASE_URL=postgres://... and REDIS_URL=redis://...",
    )


def database_url() -> str:
    """The database this test runs on (pytest-django's test_<name>), as a server started beside it must see it."""
    db = connection.settings_dict
    user = urllib.parse.quote(db["USER"] or "")
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db["PASSWORD"] else ""
    return f"postgres://{user}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
