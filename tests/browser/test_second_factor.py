"""A staff user sets up an authenticator app from the admin, without JavaScript, then signs in with it."""

from base64 import b32decode

import pytest
from axe_playwright_python.sync_playwright import Axe
from django_otp.oath import totp
from playwright.sync_api import Page, expect

from tests.accounts.codes import next_code, wrong_code
from tests.factories import STAFF_PASSWORD, StaffFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

axe = Axe()


def assert_no_axe_violation(page: Page) -> None:
    results = axe.run(page)
    assert results.violations_count == 0, results.generate_report()


def log_in(page: Page, username: str, code: str = "") -> None:
    page.goto("/admin/")
    page.get_by_label("Nom d’utilisateur").fill(username)
    page.get_by_label("Mot de passe").fill(STAFF_PASSWORD)
    page.get_by_label("Code de vérification (application d’authentification)").fill(code)
    page.get_by_role("button", name="Connexion").click()


def test_a_staff_user_sets_up_the_app_by_typing_the_key_then_signs_in_with_its_code(page_without_js: Page, settings):
    # After a wrong code django-otp refuses every code for a second, which a test types faster than that.
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    page = page_without_js
    editor = StaffFactory(username="relectrice")
    console = []
    page.on("console", lambda message: console.append(message.text))
    log_in(page, editor.username)
    page.get_by_role("link", name="Double authentification").click()

    qr_code = page.get_by_role("img", name="QR code à scanner avec l’application d’authentification")
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 150
    key = b32decode(page.locator(".secret code").inner_text().replace(" ", ""))
    page.get_by_label("Code à 6 chiffres").fill(f"{totp(key):06d}")  # as the app computes it from the typed key
    page.get_by_role("button", name="Activer la double authentification").click()
    expect(page.locator(".messagelist .success")).to_contain_text("Double authentification activée")
    assert not [text for text in console if "Content Security Policy" in text]

    page.get_by_role("button", name="Déconnexion").click()
    device = editor.totpdevice_set.get()
    log_in(page, editor.username, code=wrong_code(device))
    expect(page.locator(".errornote")).to_contain_text("code de vérification incorrect")
    log_in(page, editor.username, code=next_code(device))
    expect(page.get_by_role("heading", name="Articles et avis des lecteurs")).to_be_visible()


def test_axe_finds_no_violation_on_the_log_in_page_with_and_without_an_error(page: Page):
    page.goto("/admin/login/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Connexion à l’administration")
    assert_no_axe_violation(page)

    log_in(page, "personne")
    expect(page.locator(".errornote")).to_be_visible()
    assert_no_axe_violation(page)


def test_axe_finds_no_violation_on_the_set_up_page_with_and_without_an_error(page: Page):
    editor = StaffFactory()
    log_in(page, editor.username)
    page.goto("/admin/double-authentification/")
    expect(page.get_by_role("heading", name="Double authentification")).to_be_visible()
    assert_no_axe_violation(page)

    page.get_by_label("Code à 6 chiffres").fill("12a456")
    page.get_by_role("button", name="Activer la double authentification").click()
    expect(page.locator(".errornote")).to_contain_text("6 chiffres")
    assert_no_axe_violation(page)
