import pytest
from django.conf import settings as project_settings
from django.core.cache import cache

from articles import live, page_cache, topics
from articles.models import Article
from site_pages import site_wide
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
