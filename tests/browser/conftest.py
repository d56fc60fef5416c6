"""Playwright (sync API) driving the system Chromium against pytest-django's live server.

Every browser test carries `pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]`:
the live server answers from another thread, so what a test writes must be committed. Each test
makes the articles it reads with factories (the `article` fixture of tests/conftest.py); the flush
after each test leaves the next one an empty database.
"""

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from tests.browser.viewports import DESKTOP
from tests.site_pages.defaults import default_site_pages

# Playwright's sync API runs an event loop in this thread; Django would then refuse the ORM
# calls the tests make (SynchronousOnlyOperation) although nothing here is asynchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update"]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "artifacts" / "screenshots"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"Chromium absent : tests navigateur ignorés ({CHROMIUM} introuvable)."
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{reason} En CI, Chromium doit être installé.")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(autouse=True)
def _instant_feedback(settings) -> None:
    """A test fills the form faster than a person; the spam timer has its own tests in tests/feedback/."""
    settings.FEEDBACK_MIN_SECONDS = 0


@pytest.fixture
def new_context(browser: Browser, live_server) -> Iterator:
    """Open browser contexts on the live server (locale fr-FR, desktop size); all closed at the end."""
    opened: list[BrowserContext] = []

    def open_context(**options) -> BrowserContext:
        options = {"base_url": live_server.url, "locale": "fr-FR", "viewport": DESKTOP, **options}
        context = browser.new_context(**options)
        context.set_default_timeout(10_000)
        opened.append(context)
        return context

    yield open_context
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context) -> Page:
    return new_context().new_page()


@pytest.fixture
def page_without_js(new_context) -> Page:
    return new_context(java_script_enabled=False).new_page()


@pytest.fixture
def screenshots() -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS


@pytest.fixture
def site_pages(transactional_db) -> None:
    """The site's own pages ("Qui sommes-nous"…), written again after an earlier test's flush."""
    default_site_pages()
