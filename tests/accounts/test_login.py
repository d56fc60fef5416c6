"""The admin's log-in: the code of an authenticator app, asked from accounts that have one."""

import pytest
from axes.models import AccessAttempt
from django_otp import DEVICE_ID_SESSION_KEY

from tests.accounts.codes import next_code, wrong_code
from tests.factories import StaffFactory, TOTPDeviceFactory
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

REFUSED = "Nom d’utilisateur, mot de passe ou code de vérification incorrect."


def signed_in(client) -> bool:
    return client.get("/admin/").status_code == 200


def test_the_log_in_form_has_a_labelled_field_for_the_code(client):
    page = soup(client.get("/admin/login/"))
    field = page.find("input", attrs={"name": "otp_token"})
    label = page.find("label", attrs={"for": field["id"]})
    assert text_of(label) == "Code de vérification (application d’authentification) :"
    assert field["autocomplete"] == "one-time-code" and field["inputmode"] == "numeric"
    assert "si vous avez activé la double authentification" in text_of(page.find(id=field["aria-describedby"]))


def test_an_account_without_an_app_signs_in_with_its_password_alone(client, log_in):
    response = log_in(StaffFactory())
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert signed_in(client)


def test_a_code_typed_by_an_account_without_an_app_is_ignored(client, log_in):
    assert log_in(StaffFactory(), code="123456").status_code == 302
    assert signed_in(client)


def test_an_account_with_an_app_signs_in_with_its_password_and_code(client, log_in):
    device = TOTPDeviceFactory()
    response = log_in(device.user, code=next_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert client.session[DEVICE_ID_SESSION_KEY] == device.persistent_id  # the session counts as verified
    assert signed_in(client)


def test_a_code_typed_with_a_space_as_the_app_shows_it_is_accepted(client, log_in):
    device = TOTPDeviceFactory()
    code = next_code(device)
    assert log_in(device.user, code=f"{code[:3]} {code[3:]}").status_code == 302


def test_an_account_with_an_app_is_refused_without_its_code(client, log_in):
    device = TOTPDeviceFactory()
    response = log_in(device.user, code="")
    assert response.status_code == 200
    assert REFUSED in text_of(soup(response).find(class_="errornote"))
    assert not signed_in(client)


def test_an_account_with_an_app_is_refused_with_a_wrong_code(client, log_in):
    device = TOTPDeviceFactory()
    response = log_in(device.user, code=wrong_code(device))
    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert not signed_in(client)


def test_a_wrong_code_reads_like_a_wrong_password_so_a_guesser_learns_nothing(log_in):
    device = TOTPDeviceFactory()
    wrong_password = soup(log_in(device.user, password="mauvais")).find(class_="errornote")
    wrong_code_only = soup(log_in(device.user, code=wrong_code(device))).find(class_="errornote")
    assert text_of(wrong_password) == text_of(wrong_code_only)


def test_a_code_cannot_be_used_twice(client, log_in):
    device = TOTPDeviceFactory()
    code = next_code(device)
    assert log_in(device.user, code=code).status_code == 302
    client.logout()
    assert log_in(device.user, code=code).status_code == 200
    assert not signed_in(client)


def test_a_right_code_does_not_open_an_account_with_a_wrong_password(client, log_in):
    device = TOTPDeviceFactory()
    assert log_in(device.user, code=next_code(device), password="mauvais").status_code == 200
    assert not signed_in(client)


def test_the_code_of_another_account_does_not_open_this_one(client, log_in):
    mine, theirs = TOTPDeviceFactory(), TOTPDeviceFactory()
    assert log_in(mine.user, code=next_code(theirs)).status_code == 200
    assert not signed_in(client)


def test_a_wrong_code_is_not_stored_by_the_lock_out(log_in):
    device = TOTPDeviceFactory()
    code = wrong_code(device)
    log_in(device.user, code=code)
    attempt = AccessAttempt.objects.get(username=device.user.username)
    assert "otp_token" in attempt.post_data and code not in attempt.post_data


def test_wrong_passwords_still_lock_the_account_out(client, settings, log_in):
    device = TOTPDeviceFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(device.user, code=next_code(device), password="mauvais")
    assert response.status_code == 429
    assert "bloqué" in response.content.decode()
    assert log_in(device.user, code=next_code(device)).status_code == 429  # even with everything right
    assert not signed_in(client)


def test_wrong_codes_count_towards_the_lock_out(client, settings, log_in):
    device = TOTPDeviceFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(device.user, code=wrong_code(device)).status_code == 200
    response = log_in(device.user, code="")
    assert response.status_code == 429
    assert log_in(device.user, code=next_code(device)).status_code == 429
    assert not signed_in(client)


def test_a_successful_log_in_forgets_the_earlier_failures(client, settings, log_in):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # django-otp would otherwise make the next try wait a second
    device = TOTPDeviceFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        log_in(device.user, code=wrong_code(device))
    assert log_in(device.user, code=next_code(device)).status_code == 302
    client.logout()
    assert log_in(device.user, code=wrong_code(device)).status_code == 200  # one failure, not a lock-out
