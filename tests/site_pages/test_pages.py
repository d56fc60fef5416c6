"""The site's own pages at /<slug>/: in French, in the layout, cached, and never in the way of
another address of the site."""

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError

from articles import publishing
from site_pages.models import validate_free_address
from tests.factories import SitePageFactory
from tests.html import soup, text_of
from tests.site_pages.defaults import PAGES, default_site_pages

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _pages(db) -> None:
    default_site_pages()


@pytest.mark.parametrize(("title", "slug"), [(title, slug) for title, slug, _ in PAGES])
def test_each_page_is_a_french_page_of_the_site_with_its_title(client, title, slug):
    response = client.get(f"/{slug}/")
    assert response.status_code == 200
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert text_of(page.find("h1")) == title
    assert page.title.get_text() == f"{title} · Infos santé"
    assert page.find(class_="site-page-date").find("time")


def test_every_page_footer_links_the_site_pages_in_order_then_the_accessibility_statement(client, article):
    for path in ("/", article.get_absolute_url(), "/a-propos/", "/accessibilite/", "/nexiste-pas/"):
        nav = soup(client.get(path)).find("footer").find("nav")
        assert nav["aria-label"] == "Informations sur le site"
        links = [(text_of(a), a["href"]) for a in nav.find_all("a")]
        assert links == [
            ("Tous les articles", "/"),
            ("Thématiques", "/themes/"),
            *((title, f"/{slug}/") for title, slug, _ in PAGES),
            ("Accessibilité : partiellement conforme", "/accessibilite/"),
        ], path


def test_the_footer_says_who_publishes_the_site_and_whom_to_call(client):
    footer = soup(client.get("/")).find("footer")
    assert "Ces informations ne remplacent pas l’avis d’un professionnel de santé." in text_of(footer)
    assert [a["href"] for a in footer.select(".footer-urgency a")] == ["tel:15", "tel:112"]
    assert text_of(footer.find(class_="publisher")).startswith("Infos santé est édité par")


def test_the_legal_notice_shows_its_placeholders_in_bold(client):
    page = soup(client.get("/mentions-legales/"))
    placeholders = [text_of(s) for s in page.select("main strong") if "À compléter" in s.get_text()]
    assert len(placeholders) >= 10


def test_a_page_is_cached_with_a_tag_of_its_own_and_served_again_without_queries(client, django_assert_num_queries):
    client.get("/")  # the maps every page reads are made
    with django_assert_num_queries(1):  # the page itself
        first = client.get("/confidentialite/")
    assert cache.get("articles:page:/confidentialite/").tags == ("site", "page:confidentialite")
    with django_assert_num_queries(0):
        again = client.get("/confidentialite/")
    assert again.content == first.content


def test_an_unknown_address_is_a_404_without_a_query(client, django_assert_num_queries):
    client.get("/")
    with django_assert_num_queries(0):
        response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    assert text_of(soup(response).find("h1")) == "Page introuvable"


def test_a_page_the_editors_add_gets_its_address_and_footer_link(client):
    SitePageFactory(title="Nos sources", slug="nos-sources")
    publishing.invalidate_site()  # what the admin does after saving it
    assert text_of(soup(client.get("/nos-sources/")).find("h1")) == "Nos sources"
    assert soup(client.get("/")).find("footer").find("a", href="/nos-sources/")


@pytest.mark.parametrize(
    ("path", "heading"), [("/accessibilite/", "Déclaration d’accessibilité"), ("/", "Nos articles de santé")]
)
def test_the_existing_pages_keep_their_addresses(client, path, heading):
    assert text_of(soup(client.get(path)).find("h1")) == heading


@pytest.mark.parametrize(
    "slug", ["admin", "articles", "avis", "relecture", "accessibilite", "static", "healthz", "bench"]
)
def test_a_page_cannot_take_an_address_the_site_already_answers(slug):
    with pytest.raises(ValidationError, match="déjà utilisée"):
        validate_free_address(slug)


def test_a_free_address_is_accepted():
    validate_free_address("nos-sources")


def test_an_error_page_keeps_its_status_when_the_database_does_not_answer(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise DatabaseError("base indisponible")

    monkeypatch.setattr("site_pages.site_wide._read", broken)  # the texts' and pages' one query
    response = client.get("/nexiste-pas/")
    assert response.status_code == 404
    footer = soup(response).find("footer")
    assert "Ces informations ne remplacent pas l’avis d’un professionnel de santé." in text_of(footer)
    assert "Textes du site illisibles" in caplog.text
