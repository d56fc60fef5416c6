"""What each page's head tells search engines, link previews and feed readers: description,
canonical address at the site's own address, OpenGraph and Twitter card, the feed; all in French."""

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.test import Client
from django.utils.timezone import localtime

from articles.models import Revision
from tests.factories import ArticleFactory, PersonFactory, StaffFactory
from tests.html import soup
from tests.site_pages.defaults import default_site_pages

pytestmark = pytest.mark.django_db


def meta(page: BeautifulSoup, **attributes) -> str | None:
    tag = page.find("meta", attrs=attributes)
    return tag["content"] if tag else None


def canonical(page: BeautifulSoup) -> str | None:
    links = page.find_all("link", rel="canonical")
    assert len(links) <= 1
    return links[0]["href"] if links else None


def test_an_article_has_its_canonical_address_description_and_open_graph_tags(client, site_url):
    article = ArticleFactory(title="Les vaccins", slug="vaccins", introduction="Ce qu’il faut savoir des vaccins.")
    live = Revision.objects.live().get(article=article)
    page = soup(client.get("/articles/vaccins/?utm_source=lettre", HTTP_HOST="localhost"))
    url = f"{site_url}/articles/vaccins/"
    assert canonical(page) == url
    assert meta(page, name="description") == "Ce qu’il faut savoir des vaccins."
    assert meta(page, property="og:type") == "article"
    assert meta(page, property="og:title") == "Les vaccins"
    assert meta(page, property="og:description") == "Ce qu’il faut savoir des vaccins."
    assert meta(page, property="og:url") == url
    assert meta(page, property="og:locale") == "fr_FR"
    assert meta(page, property="og:site_name") == "Infos santé"
    assert meta(page, property="article:published_time") == localtime(live.first_published_at).isoformat()
    assert meta(page, property="article:modified_time") == localtime(live.updated_at).isoformat()
    assert meta(page, name="twitter:card") == "summary"


def test_the_home_page_is_its_own_canonical_page_and_its_second_page_too(client, site_url):
    ArticleFactory.create_batch(21)
    first = soup(client.get("/?utm_campaign=x"))
    assert canonical(first) == f"{site_url}/"
    assert meta(first, property="og:type") == "website"
    assert meta(first, property="og:title") == "Infos santé"
    assert meta(first, name="description")
    assert canonical(soup(client.get("/?page=2"))) == f"{site_url}/?page=2"


@pytest.mark.parametrize(
    ("path", "title"),
    [("/a-propos/", "Qui sommes-nous"), ("/accessibilite/", "Déclaration d’accessibilité")],
)
def test_the_site_s_pages_have_their_canonical_address_and_title(client, site_url, path, title):
    default_site_pages()
    page = soup(client.get(path))
    assert canonical(page) == f"{site_url}{path}"
    assert meta(page, property="og:url") == f"{site_url}{path}"
    assert meta(page, property="og:title") == title
    assert meta(page, name="twitter:card") == "summary"


def test_a_person_s_page_describes_the_person(client, site_url):
    person = PersonFactory(name="Dr Léa Petit", slug="lea-petit", profession="médecin généraliste")
    page = soup(client.get("/auteurs/lea-petit/"))
    assert canonical(page) == f"{site_url}/auteurs/lea-petit/"
    assert meta(page, property="og:type") == "profile"
    assert meta(page, name="description").startswith(f"{person.name}, médecin généraliste : présentation")


def test_a_page_that_must_not_be_indexed_has_no_canonical_address(client):
    draft = ArticleFactory(published=False)
    staff = Client()
    staff.force_login(StaffFactory())
    preview = soup(staff.get(f"/admin/articles/article/{draft.pk}/apercu/contenu/"))
    assert canonical(preview) is None and meta(preview, property="og:url") is None
    assert meta(preview, name="description")
    for response in (client.get("/articles/nexiste-pas/"), client.get("/relecture/faux-jeton/")):
        assert response.status_code == 404
        assert canonical(soup(response)) is None


def reader_pages(client, article) -> dict[str, object]:
    default_site_pages()
    person = PersonFactory()
    pages = {
        path: client.get(path)
        for path in ("/", article.get_absolute_url(), "/a-propos/", "/accessibilite/", person.get_absolute_url())
    }
    pages["404"] = client.get("/cette-page-n-existe-pas/")
    pages["relecture"] = client.get("/relecture/faux-jeton/")
    pages["400"] = client.generic("POST", "/admin/login/", b"username=a", content_type="multipart/form-data")
    pages["403"] = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    return pages


def test_every_page_is_in_french(client, article):
    pages = reader_pages(client, article)
    pages["administration"] = client.get("/admin/login/")
    staff = Client()
    staff.force_login(StaffFactory())
    pages["double authentification"] = staff.get("/admin/double-authentification/")
    for name, response in pages.items():
        assert soup(response).html["lang"] == "fr", name
    error = BeautifulSoup(render_to_string("500.html"), "html.parser")
    assert error.html["lang"] == "fr"


def test_every_page_links_the_feed_in_its_head(client, article):
    pages = reader_pages(client, article)
    pages["500"] = render_to_string("500.html")
    for name, response in pages.items():
        html = response if isinstance(response, str) else response.content.decode()
        (feed,) = BeautifulSoup(html, "html.parser").head.find_all("link", rel="alternate")
        assert (feed["type"], feed["href"]) == ("application/atom+xml", "/flux.xml"), name
        assert feed["title"] == "Infos santé : articles nouveaux et mis à jour"
