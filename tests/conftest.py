import time
from types import SimpleNamespace

import pytest
from django.conf import settings as project_settings
from django.core.cache import cache
from django.db import OperationalError, connection

from articles import live, page_cache, topics
from articles.models import Article
from operations import outages, resilient_cache
from site_pages import site_wide
from tests.cache_outage import RedisServer, RedisSwitch, free_port, use_redis
from tests.factories import ArticleWithSectionsFactory, StaffFactory


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix, tmp_path_factory) -> None:
    """An SQLite test database in a file, as on the laptop: threads writing at once then wait for
    the lock (busy timeout), where a shared in-memory database fails them at once."""
    database = project_settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("db") / "test.sqlite3")


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, tmp_path_factory):
    """Plain static storage and a cheap hasher for speed; a cache and an upload folder of the tests' own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path_factory.mktemp("media")  # uploads never land in the project
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path_factory.getbasetemp() / "cache"),
            }
        }
    settings.FEEDBACK_SPOOL_DIR = tmp_path_factory.mktemp("spool")  # opinions spooled in an outage
    # No outage, nor write missed in one, is carried over from an earlier test.
    outages.reset()
    resilient_cache.reset()
    cache.clear()
    # No page, version or live article kept in this process from an earlier test is current.
    page_cache._memo.clear()
    page_cache._process_pages.clear()
    live._map.clear()
    topics._map.clear()
    site_wide._map.clear()
    yield
    cache.clear()


@pytest.fixture
def article(db) -> Article:
    """A published article of its own for each test: see ArticleWithSectionsFactory."""
    return ArticleWithSectionsFactory()


@pytest.fixture
def staff(db):
    return StaffFactory()


@pytest.fixture
def staff_client(client, staff):
    client.force_login(staff)
    return client


@pytest.fixture(scope="session")
def redis_server():
    """A redis-server of the test run's own, which its tests may take away without harm to others."""
    try:
        server = RedisServer()
    except FileNotFoundError:
        pytest.skip("needs redis-server (apt-get install redis-server)")
    yield server
    server.stop()


@pytest.fixture
def redis_switch(redis_server, settings) -> RedisSwitch:
    """The site's cache on that Redis, behind a switch the test turns off and on (tests/cache_outage.py)."""
    switch = RedisSwitch(redis_server.port)
    use_redis(settings, switch.url())
    cache.clear()
    yield switch
    switch.close()


@pytest.fixture
def redis_nowhere(settings) -> None:
    """The site's cache on a port nobody listens on: every connection is refused."""
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture
def outage_clock(monkeypatch):
    """`advance(seconds)` moves the clock of the outages' retry times on, without waiting."""
    offset = [0.0]
    clock = SimpleNamespace(time=time.time, monotonic=lambda: time.monotonic() + offset[0])
    monkeypatch.setattr(outages, "time", clock)

    def advance(seconds: float) -> None:
        offset[0] += seconds

    return advance


@pytest.fixture
def database_down(monkeypatch) -> None:
    """Every new query fails as it does when the database server is unreachable."""

    def unreachable(*args, **kwargs):
        raise OperationalError('connection to server at "10.0.0.5", port 5432 failed: Connection refused')

    monkeypatch.setattr(connection, "cursor", unreachable)
