"""Editors change the site's texts and pages in the admin; every cached page shows the change at
the next request, and the texts stay one row."""

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, transaction
from django.test import Client

from site_pages.models import SitePage, SiteTexts
from tests.factories import WriterFactory
from tests.html import form_values, soup, text_of
from tests.site_pages.defaults import default_site_pages

pytestmark = pytest.mark.django_db

TEXTS_URL = "/admin/site_pages/sitetexts/1/change/"
NEW_DISCLAIMER = "Parlez-en à votre médecin avant de changer de traitement."


@pytest.fixture(autouse=True)
def _pages(db) -> None:
    default_site_pages()


@pytest.fixture
def reader() -> Client:
    """A reader without an account, beside the signed-in editor of `staff_client`."""
    return Client()


def change(client, url: str, **values: str):
    data = form_values(soup(client.get(url)).find("form", id=lambda i: i and i.endswith("_form")))
    data.update({name: [value] for name, value in values.items()})
    response = client.post(url, data)
    assert response.status_code == 302, soup(response).select(".errorlist")
    return response


def test_a_new_disclaimer_shows_at_once_on_every_cached_page(
    reader, staff_client, article, django_assert_num_queries, django_capture_on_commit_callbacks
):
    pages = ["/", article.get_absolute_url(), "/a-propos/"]
    for path in pages:
        reader.get(path)
    with django_assert_num_queries(0):  # all three are cached
        for path in pages:
            reader.get(path)

    with django_capture_on_commit_callbacks(execute=True):
        change(staff_client, TEXTS_URL, disclaimer=NEW_DISCLAIMER)

    article_page = soup(reader.get(article.get_absolute_url()))
    assert text_of(article_page.select_one("article .disclaimer")) == NEW_DISCLAIMER
    for path in pages:
        assert NEW_DISCLAIMER in text_of(soup(reader.get(path)).find("footer")), path
    with django_assert_num_queries(0):  # made again once, then cached again
        for path in pages:
            reader.get(path)


def test_a_renamed_page_is_renamed_in_every_footer(reader, staff_client, article, django_capture_on_commit_callbacks):
    reader.get(article.get_absolute_url())
    about = SitePage.objects.get(slug="a-propos")
    with django_capture_on_commit_callbacks(execute=True):
        change(staff_client, f"/admin/site_pages/sitepage/{about.pk}/change/", title="L’équipe")
    footer = soup(reader.get(article.get_absolute_url())).find("footer")
    assert text_of(footer.find("a", href="/a-propos/")) == "L’équipe"
    assert text_of(soup(reader.get("/a-propos/")).find("h1")) == "L’équipe"


def test_a_deleted_page_leaves_every_footer(reader, staff_client, django_capture_on_commit_callbacks):
    reader.get("/")
    legal = SitePage.objects.get(slug="mentions-legales")
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(f"/admin/site_pages/sitepage/{legal.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not soup(reader.get("/")).find("footer").find("a", href="/mentions-legales/")
    assert reader.get("/mentions-legales/").status_code == 404


def test_the_body_typed_in_the_admin_is_rendered_when_saved(staff_client):
    about = SitePage.objects.get(slug="a-propos")
    change(staff_client, f"/admin/site_pages/sitepage/{about.pk}/change/", body="## Nous\n\nUne **équipe**.")
    about.refresh_from_db()
    assert about.body_html == '<h2 id="nous">Nous</h2>\n<p>Une <strong>équipe</strong>.</p>'


def test_a_page_cannot_take_the_address_of_the_admin(staff_client):
    about = SitePage.objects.get(slug="a-propos")
    url = f"/admin/site_pages/sitepage/{about.pk}/change/"
    data = form_values(soup(staff_client.get(url)).find("form", id="sitepage_form"))
    data["slug"] = ["admin"]
    response = staff_client.post(url, data)
    assert response.status_code == 200
    assert "L’adresse /admin/ est déjà utilisée par le site" in text_of(soup(response).find(class_="errorlist"))


def test_there_is_no_second_row_of_texts_to_add_nor_the_one_to_delete(staff_client):
    assert staff_client.get("/admin/site_pages/sitetexts/add/").status_code == 403
    assert staff_client.get("/admin/site_pages/sitetexts/1/delete/").status_code == 403
    listing = soup(staff_client.get("/admin/site_pages/sitetexts/"))
    assert not listing.select(".object-tools a.addlink")
    assert not listing.select("select[name=action] option[value=delete_selected]")


def test_the_database_refuses_a_second_row_of_texts():
    with pytest.raises(IntegrityError), transaction.atomic():
        SiteTexts.objects.create(disclaimer="Un autre avertissement.")
    assert SiteTexts.objects.count() == 1


def test_writers_change_the_texts_and_pages_but_add_or_delete_no_page(client):
    writer = WriterFactory()
    writer.groups.add(Group.objects.get(name="Rédacteurs"))
    client.force_login(writer)
    assert client.get(TEXTS_URL).status_code == 200
    about = SitePage.objects.get(slug="a-propos")
    assert client.get(f"/admin/site_pages/sitepage/{about.pk}/change/").status_code == 200
    assert client.get("/admin/site_pages/sitepage/add/").status_code == 403
    assert client.get(f"/admin/site_pages/sitepage/{about.pk}/delete/").status_code == 403
