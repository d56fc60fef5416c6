"""The admin's preview: the working copy in a frame as wide as a phone or a computer screen, and
the one response of the site that may be framed (by the site itself only)."""

import pytest

from tests.factories import ArticleFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db


def frame_page(article) -> str:
    return f"/admin/articles/article/{article.pk}/apercu/"


def content(article) -> str:
    return f"/admin/articles/article/{article.pk}/apercu/contenu/"


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return {name: value for name, _, value in (d.strip().partition(" ") for d in policy.split(";"))}


def test_the_preview_shows_the_saved_working_copy_at_phone_width_by_default(staff_client):
    draft = ArticleFactory(published=False, title="Le rhume des foins")
    page = soup(staff_client.get(frame_page(draft)))
    frame = page.find("iframe")
    assert frame["src"] == content(draft)
    assert frame["width"] == "375"
    assert frame["title"] == "Aperçu de l’article « Le rhume des foins » sur téléphone (375 pixels de large)"
    current = page.select('.preview-widths a[aria-current="page"]')
    assert [text_of(link) for link in current] == ["Téléphone (375 px)"]


def test_a_link_switches_the_frame_to_the_computer_width_without_javascript(staff_client):
    draft = ArticleFactory(published=False, title="Le rhume des foins")
    links = {text_of(a): a["href"] for a in soup(staff_client.get(frame_page(draft))).select(".preview-widths a")}
    assert links == {"Téléphone (375 px)": "?largeur=telephone", "Ordinateur (1280 px)": "?largeur=ordinateur"}
    page = soup(staff_client.get(frame_page(draft) + links["Ordinateur (1280 px)"]))
    assert page.find("iframe")["width"] == "1280"
    assert page.find("iframe")["title"].endswith("sur ordinateur (1280 pixels de large)")
    assert text_of(page.select_one('.preview-widths a[aria-current="page"]')) == "Ordinateur (1280 px)"


def test_an_unknown_width_falls_back_to_the_phone(staff_client):
    draft = ArticleFactory(published=False)
    page = soup(staff_client.get(frame_page(draft) + "?largeur=montre"))
    assert page.find("iframe")["width"] == "375"


def test_every_frame_of_the_admin_preview_has_a_french_title(staff_client):
    draft = ArticleFactory(published=False)
    for width in ("telephone", "ordinateur"):
        frames = soup(staff_client.get(f"{frame_page(draft)}?largeur={width}")).find_all("iframe")
        assert frames and all(frame.get("title", "").startswith("Aperçu de l’article") for frame in frames)


def test_the_frame_shows_the_working_copy_unpublished_and_unindexed(staff_client):
    draft = ArticleFactory(published=False, title="Le rhume des foins")
    response = staff_client.get(content(draft))
    page = soup(response)
    assert page.find("h1").get_text() == "Le rhume des foins"
    assert "Les lecteurs ne voient pas cette version" in text_of(page.find(class_="draft-banner"))
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}


def test_only_the_preview_content_may_be_framed_and_only_by_the_site_itself(staff_client):
    draft = ArticleFactory(published=False)
    response = staff_client.get(content(draft))
    assert response["X-Frame-Options"] == "SAMEORIGIN"
    assert directives(response)["frame-ancestors"] == "'self'"


def test_the_frame_page_itself_may_frame_the_site_but_not_be_framed(staff_client):
    draft = ArticleFactory(published=False)
    response = staff_client.get(frame_page(draft))
    assert directives(response)["frame-src"] == "'self'"
    assert directives(response)["frame-ancestors"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("url", ["/", "{article}", "/admin/", "/admin/articles/article/", "{change}"])
def test_every_other_page_refuses_frames_both_ways(staff_client, client, article, url):
    url = url.format(article=article.get_absolute_url(), change=f"/admin/articles/article/{article.pk}/change/")
    for response in (client.get(url), staff_client.get(url)):
        assert response["X-Frame-Options"] == "DENY"
        assert directives(response)["frame-ancestors"] == "'none'"
        assert directives(response)["frame-src"] == "'none'"


def test_readers_cannot_open_the_preview_or_its_frame(client):
    draft = ArticleFactory(published=False, title="Brouillon secret")
    for url in (frame_page(draft), content(draft)):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"].startswith("/admin/login/")
