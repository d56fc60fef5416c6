"""Malformed requests get a 400, never a 500, on the reader's form and on the admin alike,
and every refusal page is in French, in the site's layout."""

from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.test import Client

from immuno_site.views import UNREADABLE
from tests.factories import StaffFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}
FORM = "application/x-www-form-urlencoded"


@pytest.fixture(params=["feedback", "admin"])
def url(request, article) -> str:
    """The reader's form and an admin form: both must refuse a malformed body the same way."""
    return f"/avis/{article.slug}/" if request.param == "feedback" else "/admin/login/"


def assert_french_page(response, status: int, heading: str) -> None:
    assert response.status_code == status
    page = soup(response)
    assert page.html["lang"] == "fr"
    assert "Infos santé" in text_of(page.find("header", class_="site-header"))
    assert text_of(page.find("h1")) == heading


@pytest.mark.parametrize("charset", ["rot13", "undefined", "idna", "nope"])
@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=B", FORM])
def test_it_refuses_a_post_in_a_charset_it_cannot_decode_with_a_400(client, url, content_type, charset):
    body = b'--B\r\nContent-Disposition: form-data; name="rating"\r\n\r\n4\r\n--B--\r\n'
    response = client.generic("POST", url, body, content_type=f"{content_type}; charset={charset}", headers=SAME_ORIGIN)
    assert_french_page(response, 400, "Requête incorrecte")


MALFORMED = [
    pytest.param(
        lambda: urlencode({"rating": "4", "comment": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE}),
        FORM,
        id="body-too-big",
    ),
    pytest.param(
        lambda: urlencode({f"champ{n}": "x" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)}),
        FORM,
        id="too-many-fields",
    ),
    pytest.param(lambda: "rating=4&comment=é".encode("utf-16"), f"{FORM}; charset=utf-16", id="utf-16"),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
def test_it_answers_a_malformed_body_with_a_french_400(client, url, body, content_type):
    response = client.generic("POST", url, body(), content_type=content_type, headers=SAME_ORIGIN)
    assert_french_page(response, 400, "Requête incorrecte")


def test_it_answers_a_multipart_post_without_a_boundary_with_a_french_400(client):
    response = client.generic("POST", "/admin/login/", b"username=a", content_type="multipart/form-data")
    assert_french_page(response, 400, "Requête incorrecte")


def test_it_tells_an_editor_without_the_right_in_french(client):
    client.force_login(StaffFactory(is_superuser=False))
    response = client.get("/admin/articles/article/add/")
    assert_french_page(response, 403, "Accès refusé")


def test_it_explains_a_failed_csrf_check_in_french():
    response = Client(enforce_csrf_checks=True).post("/admin/login/", {"username": "a", "password": "b"})
    assert_french_page(response, 403, "Envoi refusé")
    assert "cookies" in text_of(soup(response).find("main"))


def test_the_feedback_script_is_told_in_french_that_an_oversized_post_was_not_read(client, article):
    body = urlencode({"rating": "4", "comment": "x" * settings.DATA_UPLOAD_MAX_MEMORY_SIZE})
    headers = {**SAME_ORIGIN, "Accept": "application/json"}
    response = client.post(f"/avis/{article.slug}/", body, content_type=FORM, headers=headers)
    assert response.status_code == 400
    assert response.json() == {"ok": False, "message": UNREADABLE}
