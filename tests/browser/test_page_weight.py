"""The article is light: everything comes from this site, and its HTML, CSS and JS stay under budget."""

import gzip
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, Response

from tests.seed import seed_article

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

BUDGET_BYTES = 60 * 1024
TEXT_RESOURCES = ("document", "stylesheet", "script")


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


def test_the_article_makes_no_request_to_another_site(page: Page, live_server, article):
    requested: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(article.get_absolute_url(), wait_until="networkidle")

    assert requested
    assert [url for url in requested if origin(url) != live_server.url] == []


def test_the_article_html_css_and_js_weigh_under_60_kb_compressed(page: Page):
    article = seed_article()  # the real article, the longest the site has, is what must stay light
    responses: list[Response] = []
    page.on("response", lambda response: responses.append(response))
    page.goto(article.get_absolute_url(), wait_until="networkidle")
    text = [r for r in responses if r.request.resource_type in TEXT_RESOURCES]
    # The live server sends files as they are; production compresses them (whitenoise's .gz
    # files, gzip at the proxy), so each body is gzipped here to weigh what a reader downloads.
    weights = {urlsplit(r.url).path: len(gzip.compress(r.body(), compresslevel=9)) for r in text}
    total = sum(weights.values())
    print(f"\nPoids de l’article (gzip -9) : {total / 1024:.1f} Ko", weights)

    assert {r.request.resource_type for r in text} == set(TEXT_RESOURCES)
    assert total <= BUDGET_BYTES
