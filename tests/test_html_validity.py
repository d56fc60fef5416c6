"""Every page a reader can reach is valid HTML, as the Nu HTML checker (vnu.jar) reads it.

The pages are fetched from the live server as a browser gets them (the article in each state of
its feedback block included), written to a folder, and checked by one run of the checker: the
JVM takes a few seconds to start. To check one more page, add its path to PAGES (and make what it
shows in the `pages` fixture).
"""

import http.cookiejar
import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from articles import publishing
from articles.models import Article, ArticleAuthor
from tests.factories import ArticleFactory, PersonFactory, StaffFactory, TopicFactory, in_topics, publish_now
from tests.html import form_values
from tests.outage import database_unreachable
from tests.page_checkers import VNU_JAR, file, program
from tests.seed import SLUG, seed_article
from tests.site_pages.defaults import default_site_pages

ARTICLE = f"/articles/{SLUG}/"
# An article with what the seed lacks: authors, a medical review, sources cited in its text, a
# thématique (its breadcrumb) shared with another live article (« Dans la même thématique »).
REVIEWED, PERSON = "/articles/la-grippe/", "/auteurs/claire-martin/"
TOPIC, EMPTY_TOPIC = "/themes/maladies-infectieuses/", "/themes/allergies/"
PAGES = [
    "/",
    ARTICLE,
    REVIEWED,
    PERSON,
    "/themes/",
    TOPIC,
    EMPTY_TOPIC,
    "/accessibilite/",
    "/a-propos/",
    "/mentions-legales/",
    "/confidentialite/",
    "/recherche/?q=immunotherapie",
    "/recherche/?q=paludisme",  # no result: the latest articles instead
    "/recherche/",  # no query
]
NOT_FOUND = "/cette-page-n-existe-pas/"
# The checker's warnings that stay, each with the reason; anything else it reports fails the test.
ALLOWED_WARNINGS: dict[str, str] = {}
# A page the checker must find wrong, so a run that read nothing cannot pass.
CANARY = '<!DOCTYPE html><html lang="fr"><title>Témoin</title><div></div></p>'

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Page:
    name: str
    status: int
    html: str


class Reader:
    """A browser without JavaScript: cookies kept, redirects followed, every status returned."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str, name: str | None = None) -> Page:
        return self._open(urllib.request.Request(self.base + path), name or path)

    def post_opinion(self, form_page: Page, name: str, **changes: str) -> Page:
        form = BeautifulSoup(form_page.html, "html.parser").find("form", attrs={"data-feedback-form": True})
        assert form is not None, f"no feedback form on {form_page.name}"
        data = {**form_values(form), **{key: [value] for key, value in changes.items()}}
        request = urllib.request.Request(
            urllib.parse.urljoin(self.base + ARTICLE, form["action"]),
            data=urllib.parse.urlencode(data, doseq=True).encode(),
            headers={"Origin": self.base},
        )
        return self._open(request, name)

    def _open(self, request: urllib.request.Request, name: str) -> Page:
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Page(name, answer.status, answer.read().decode())
        except urllib.error.HTTPError as answer:
            return Page(name, answer.code, answer.read().decode())


@pytest.fixture
def pages(live_server, settings, client) -> list[Page]:
    settings.FEEDBACK_MIN_SECONDS = 0  # the form is sent at once; the timer has its own tests
    updated_once(seed_article())
    reviewed_with_sources()
    default_site_pages()
    reader = Reader(live_server.url)
    fetched = [reader.get(path) for path in PAGES]
    article = next(page for page in fetched if page.name == ARTICLE)
    not_found = reader.get(NOT_FOUND)
    errors = reader.post_opinion(article, f"{ARTICLE} (avis sans note)", comment="Sans note.")
    thanks = reader.post_opinion(article, f"{ARTICLE} (avis envoyé)", rating="4")

    assert {page.name: page.status for page in fetched} == dict.fromkeys(PAGES, 200)
    assert (not_found.status, errors.status, thanks.status) == (404, 400, 200)
    assert "Votre avis n’a pas été envoyé" in errors.html
    assert "Merci pour votre retour." in thanks.html
    assert "Historique des mises à jour" in article.html
    reviewed = next(page for page in fetched if page.name == REVIEWED)
    assert "Fil d’Ariane" in reviewed.html and "Dans la même thématique" in reviewed.html
    assert "<mark>" in next(page for page in fetched if page.name == "/recherche/?q=immunotherapie").html
    return [*fetched, not_found, errors, thanks, *without_database(client, article)]


def without_database(client, article: Page) -> list[Page]:
    """What readers get while the database does not answer (articles/stale.py, feedback/spool.py):
    the 503 page of a page never kept, the thanks for a spooled opinion, the form sent back."""
    form = BeautifulSoup(article.html, "html.parser").find("form", attrs={"data-feedback-form": True})
    data = {key: values[0] for key, values in form_values(form).items()}

    def post(**changes: str):
        body = urllib.parse.urlencode({**data, **changes})
        return client.post(form["action"], body, "application/x-www-form-urlencoded", HTTP_ORIGIN="http://testserver")

    with database_unreachable():
        made = {
            "503": client.get("/articles/jamais-gardee/"),
            "avis gardé": post(rating="5"),
            "avis sans note": post(comment="Sans note."),
        }
    assert {name: answer.status_code for name, answer in made.items()} == {
        "503": 503,
        "avis gardé": 200,
        "avis sans note": 400,
    }
    assert "Merci pour votre retour." in made["avis gardé"].content.decode()
    return [
        Page(f"sans base de données : {name}", answer.status_code, answer.content.decode())
        for name, answer in made.items()
    ]


def reviewed_with_sources() -> None:
    author = PersonFactory(name="Claire Martin", slug="claire-martin", bio="Médecin.\n\nAuteure de guides.")
    infections = TopicFactory(name="Maladies infectieuses", slug="maladies-infectieuses")
    TopicFactory(name="Allergies", slug="allergies", description="")
    publish_now(in_topics(ArticleFactory(published=False, title="Le rhume"), infections))
    article = ArticleFactory(
        published=False, title="La grippe", slug="la-grippe", introduction="Un virus saisonnier[^1], puis[^2]."
    )
    in_topics(article, infections)
    ArticleAuthor.objects.create(article=article, person=author)
    article.sources.create(
        position=1, title="La grippe", organisation="Santé publique France", url="https://example.fr/"
    )
    publish_now(article)
    publishing.record_review(article, StaffFactory(), author, timezone.localdate(), comment="Au comité")


def updated_once(article: Article) -> None:
    """A second, substantive publication: the page then shows "Mis à jour le" and its history."""
    article.introduction += " Cet article a été relu."
    article.save()
    publish_now(article)


@pytest.fixture
def checker() -> list[str]:
    """The command that runs the checker, looked up before any page is made."""
    return [program("java", "apt-get install default-jre-headless"), "-jar", str(file(VNU_JAR, "make install-dev"))]


def test_the_html_checker_finds_nothing_wrong_on_any_page_a_reader_reaches(checker, pages, tmp_path: Path):
    names = {"canary.html": "canary"}
    (tmp_path / "canary.html").write_text(CANARY, encoding="utf-8")
    for number, page in enumerate(pages):
        (tmp_path / f"page-{number}.html").write_text(page.html, encoding="utf-8")
        names[f"page-{number}.html"] = page.name

    checked = subprocess.run(
        [*checker, "--format", "json", "--exit-zero-always", *(str(tmp_path / n) for n in names)],
        capture_output=True,
        text=True,
        timeout=300,
        check=True,
    )

    reported = [
        (names.get(m.get("url", "").rpartition("/")[2], m.get("url")), describe(m))
        for m in json.loads(checked.stderr)["messages"]
        if m["type"] != "info" or m["message"] not in ALLOWED_WARNINGS
    ]
    # The checker read the files: it reports the page made invalid on purpose.
    assert any(name == "canary" and "No “p” element in scope" in message for name, message in reported), reported
    problems = [f"{name}, {message}" for name, message in reported if name != "canary"]
    assert problems == [], "\n".join(problems)


def describe(message: dict) -> str:
    kind = message.get("subType", message["type"])
    return f"line {message.get('lastLine')}: {kind} {message['message']} ({message.get('extract', '').strip()!r})"
