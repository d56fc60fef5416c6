"""The page where a staff user sets up, checks and removes their authenticator app."""

from base64 import b32decode

import pytest
from django.contrib.messages import get_messages
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.codes import next_code, wrong_code
from tests.factories import StaffFactory, TOTPDeviceFactory, WriterFactory
from tests.html import form_values, soup, text_of

pytestmark = pytest.mark.django_db

PAGE = "/admin/double-authentification/"
REMOVE = "/admin/double-authentification/supprimer/"


@pytest.fixture
def writer(client):
    user = WriterFactory()
    client.force_login(user)
    return user


def pending(user) -> TOTPDevice:
    return TOTPDevice.objects.get(user=user, confirmed=False)


def post_code(client, url: str, code: str):
    form = soup(client.get(PAGE)).find("form", action=url)
    return client.post(url, {**form_values(form), "code": code})


def error_summary(response) -> str:
    return text_of(soup(response).find(class_="errornote"))


def test_every_admin_page_links_to_it_from_the_user_tools(staff_client):
    tools = soup(staff_client.get("/admin/")).find(id="user-tools")
    assert tools.find("a", string="Double authentification")["href"] == PAGE


def test_it_asks_an_anonymous_visitor_to_sign_in(client):
    response = client.get(PAGE)
    assert response.status_code == 302 and response["Location"].startswith("/admin/login/?next=")


def test_it_shows_a_qr_code_and_the_key_of_a_new_pending_device(client, writer):
    response = client.get(PAGE)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    page = soup(response)
    device = pending(writer)
    svg = page.find("svg", class_="qr-code")
    assert svg["role"] == "img" and "QR code" in svg["aria-label"]
    assert not svg.find_all(style=True)  # the Content-Security-Policy allows no inline style
    secret = text_of(page.find("dl", class_="secret").find("code"))
    assert b32decode(secret.replace(" ", "")) == device.bin_key


def test_reloading_the_page_keeps_the_code_already_scanned(client, writer):
    first = soup(client.get(PAGE)).find("svg", class_="qr-code")
    second = soup(client.get(PAGE)).find("svg", class_="qr-code")
    assert first == second
    assert TOTPDevice.objects.filter(user=writer).count() == 1


def test_a_code_from_the_app_confirms_the_device_and_verifies_the_session(client, writer):
    client.get(PAGE)
    device = pending(writer)
    response = post_code(client, PAGE, next_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Double authentification activée : votre application vous sera demandée à chaque connexion."
    ]


def test_a_wrong_code_leaves_the_device_unconfirmed_with_an_error_summary(client, writer):
    client.get(PAGE)
    device = pending(writer)
    response = post_code(client, PAGE, wrong_code(device))
    assert response.status_code == 200
    page = soup(response)
    assert page.title.text.startswith("Erreur")
    assert "Ce code n’est pas le bon" in error_summary(response)
    field = page.find("input", attrs={"name": "code"})
    assert field["aria-invalid"] == "true"
    assert page.find("div", class_="errornote").find("a")["href"] == f"#{field['id']}"
    assert not TOTPDevice.objects.get(pk=device.pk).confirmed


@pytest.mark.parametrize(("typed", "message"), [("", "Saisissez le code"), ("12a456", "6 chiffres")])
def test_a_missing_or_malformed_code_is_explained(client, writer, typed, message):
    response = post_code(client, PAGE, typed)
    assert message in error_summary(response)
    assert not TOTPDevice.objects.filter(user=writer, confirmed=True).exists()


def test_after_a_wrong_code_a_right_one_waits_for_django_otp_s_delay(client, writer):
    client.get(PAGE)
    device = pending(writer)
    post_code(client, PAGE, wrong_code(device))
    response = post_code(client, PAGE, next_code(device))
    assert "Trop de codes erronés" in error_summary(response)


def test_the_form_has_a_labelled_field_for_the_code(client, writer):
    page = soup(client.get(PAGE))
    field = page.find("input", attrs={"name": "code"})
    assert text_of(page.find("label", attrs={"for": field["id"]})) == "Code à 6 chiffres"
    assert "30 secondes" in text_of(page.find(id=field["aria-describedby"]))


@pytest.fixture
def verified(client, writer):
    """The writer has set up an app and this session was verified with it."""
    client.get(PAGE)
    device = pending(writer)
    post_code(client, PAGE, next_code(device))
    return device


def test_once_set_up_the_page_says_so_and_shows_no_key(client, verified):
    response = client.get(PAGE)
    assert "est activée" in text_of(soup(response).find(id="content-main"))
    assert soup(response).find("svg", class_="qr-code") is None
    assert TOTPDevice.objects.filter(user=verified.user).count() == 1


def test_a_valid_code_removes_the_device(client, verified):
    response = post_code(client, REMOVE, next_code(verified))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert not TOTPDevice.objects.filter(user=verified.user).exists()
    client.logout()
    client.post("/admin/login/", {"username": verified.user.username, "password": "motdepasse-de-test"})
    assert client.get("/admin/").status_code == 200  # the password alone signs in again


def test_a_wrong_code_does_not_remove_the_device(client, verified):
    response = post_code(client, REMOVE, wrong_code(verified))
    assert response.status_code == 200
    assert "Ce code n’est pas le bon" in error_summary(response)
    assert TOTPDevice.objects.filter(user=verified.user, confirmed=True).exists()


def test_removing_needs_a_post(client, verified):
    assert client.get(REMOVE).status_code == 405


def test_a_session_opened_without_the_code_is_asked_for_it_and_cannot_remove_the_device(client):
    device = TOTPDeviceFactory(user=StaffFactory())
    client.force_login(device.user)  # as a session opened before the app was set up
    page = soup(client.get(PAGE))
    assert "cette session a été ouverte sans code" in text_of(page.find(id="content-main"))
    assert page.find("form", action=REMOVE) is None
    assert client.post(REMOVE, {"code": next_code(device)})["Location"] == PAGE
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    response = post_code(client, PAGE, next_code(device))
    assert response.status_code == 302 and client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id
