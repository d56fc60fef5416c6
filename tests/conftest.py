import contextlib
import time
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.conf import settings as project_settings
from django.core.cache import cache
from django.db import OperationalError, connection

from articles import live, page_cache, publishing, topics
from articles.models import Article
from operations import outages, resilient_cache
from scripts.fault_harness import BLACKHOLE, REDIS_SERVER, RedisServer, TcpProxy, through
from scripts.gunicorn_server import free_port
from site_pages import site_wide
from tests.factories import ArticleWithSectionsFactory, StaffFactory
from tests.manage_process import manage
from tests.outage import DATABASE_REFUSED, use_redis


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
    # As a deploy's migrate does: the live articles of the migrations (the seed) have their record.
    with contextlib.suppress(RuntimeError):  # a test without the database
        publishing.record_live_versions()
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
def redis_server(tmp_path_factory) -> Iterator[RedisServer]:
    """A redis-server of the test run's own, which its tests may take away without harm to others."""
    if not Path(REDIS_SERVER).exists():
        pytest.skip("needs redis-server (apt-get install redis-server)")
    server = RedisServer(tmp_path_factory.mktemp("redis")).start()
    yield server
    server.stop()


@pytest.fixture
def redis_proxy(redis_server, settings) -> Iterator[TcpProxy]:
    """The site's cache on that Redis through a proxy the test cuts and restores
    (scripts/fault_harness.py): `cut(DROP)` takes Redis away, and `accepted` counts the
    connections the site tries meanwhile."""
    proxy = TcpProxy("127.0.0.1", redis_server.port, "redis-proxy").start()
    use_redis(settings, through(redis_server.url, proxy))
    cache.clear()
    yield proxy
    proxy.close()


@pytest.fixture
def silent_redis() -> Iterator[TcpProxy]:
    """An address that accepts connections and never answers on them (a Redis that hangs, or a
    firewall that swallows the replies): a proxy cut to BLACKHOLE with nothing behind it, on
    `port`. `cut(REFUSE)` closes the connections it holds."""
    proxy = TcpProxy("127.0.0.1", free_port(), "silent-redis").start()
    proxy.cut(BLACKHOLE)
    yield proxy
    proxy.close()


@pytest.fixture
def redis_nowhere(settings) -> None:
    """The site's cache on a port nobody listens on: every connection is refused."""
    use_redis(settings, f"redis://127.0.0.1:{free_port()}/0")


@pytest.fixture(scope="session")
def static_root(tmp_path_factory) -> Path:
    """gunicorn serves hashed static names as in production: it needs its collectstatic, made once
    for the tests that start it."""
    root = tmp_path_factory.mktemp("static")
    collected = manage("collectstatic", "--noinput", "-v0", timeout=120, STATIC_ROOT=str(root))
    assert collected.returncode == 0, collected.stderr
    return root


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
def database_down(monkeypatch) -> SimpleNamespace:
    """Every new query fails as it does when the database server is unreachable, while `down`
    (until `back()`); `tries` counts the connections attempted meanwhile."""
    real_cursor = connection.cursor
    state = SimpleNamespace(down=True, tries=0)

    def cursor(*args, **kwargs):
        if not state.down:
            return real_cursor(*args, **kwargs)
        state.tries += 1
        raise OperationalError(DATABASE_REFUSED)

    monkeypatch.setattr(connection, "cursor", cursor)
    state.back = lambda: setattr(state, "down", False)
    return state
