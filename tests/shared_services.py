"""Tests that start real servers beside the test process need the database and cache to be shared
with them: PostgreSQL and Redis (as in CI), not SQLite and a file cache of the test's own."""

import os

import pytest

SHARED_SERVICES = os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")) and os.environ.get(
    "REDIS_URL", ""
).startswith("redis://")


def needs_shared_services(what: str) -> pytest.MarkDecorator:
    return pytest.mark.skipif(
        not SHARED_SERVICES,
        reason=f"{what} needs a shared database and cache: set DATABASE_URL=postgres://... and REDIS_URL=redis://...",
    )
