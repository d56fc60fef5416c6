import pytest
from django.core.cache import cache

from articles.models import Article
from tests.factories import ArticleWithSectionsFactory, StaffFactory


@pytest.fixture(autouse=True)
def _fast_isolated_settings(settings, tmp_path_factory):
    """Plain static storage and a cheap hasher for speed; a cache of the tests' own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    if settings.CACHES["default"]["BACKEND"].endswith("FileBasedCache"):
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
                "LOCATION": str(tmp_path_factory.getbasetemp() / "cache"),
            }
        }
    cache.clear()
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
