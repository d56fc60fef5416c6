"""OTP_REQUIRED_FOR_REVIEWERS: superusers and medical reviewers reach nothing in the admin but the
set-up page until their session is verified with a code."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.messages import get_messages

from tests.accounts.codes import next_code
from tests.factories import ArticleFactory, ReviewerFactory, StaffFactory, TOTPDeviceFactory, WriterFactory
from tests.html import soup

pytestmark = pytest.mark.django_db

PAGE = "/admin/double-authentification/"
ADMIN_PAGES = ["/admin/", "/admin/articles/article/", "/admin/auth/user/", "/admin/password_change/"]


@pytest.fixture
def required(settings):
    settings.OTP_REQUIRED_FOR_REVIEWERS = True


def signed_in(client, user):
    client.force_login(user)
    return client


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("url", ADMIN_PAGES)
@pytest.mark.parametrize("factory", [StaffFactory, ReviewerFactory], ids=["superuser", "reviewer"])
def test_without_a_verified_code_every_admin_page_leads_to_the_set_up_page(client, factory, url):
    response = signed_in(client, factory()).get(url)
    assert response.status_code == 302 and response["Location"] == PAGE
    assert [str(message) for message in get_messages(response.wsgi_request)] == [
        "Votre compte doit passer par la double authentification avant d’accéder à l’administration : "
        "suivez les étapes ci-dessous."
    ]


@pytest.mark.usefixtures("required")
def test_the_reason_is_shown_on_the_set_up_page(client):
    response = signed_in(client, ReviewerFactory()).get("/admin/", follow=True)
    assert response.redirect_chain == [(PAGE, 302)]
    assert "doit passer par la double authentification" in soup(response).find(class_="messagelist").text


@pytest.mark.usefixtures("required")
def test_a_change_form_post_is_not_carried_out(client):
    article = ArticleFactory(title="Avant")
    response = signed_in(client, StaffFactory()).post(
        f"/admin/articles/article/{article.pk}/change/", {"title": "Après"}
    )
    assert response["Location"] == PAGE
    article.refresh_from_db()
    assert article.title == "Avant"


@pytest.mark.usefixtures("required")
def test_the_set_up_page_and_the_log_out_stay_open(client):
    signed_in(client, ReviewerFactory())
    assert client.get(PAGE).status_code == 200
    assert client.post("/admin/logout/").status_code == 200
    assert client.get(PAGE).status_code == 302  # signed out: to the log-in page


@pytest.mark.usefixtures("required")
@pytest.mark.parametrize("url", ADMIN_PAGES[:2])
def test_a_writer_who_is_neither_superuser_nor_reviewer_is_not_sent_there(client, url):
    writer = WriterFactory()
    writer.user_permissions.add(*Permission.objects.filter(codename__endswith="_article"))
    assert signed_in(client, writer).get(url).status_code == 200


@pytest.mark.parametrize("factory", [StaffFactory, ReviewerFactory], ids=["superuser", "reviewer"])
def test_with_the_setting_off_nobody_is_sent_there(client, settings, factory):
    settings.OTP_REQUIRED_FOR_REVIEWERS = False
    assert signed_in(client, factory()).get("/admin/").status_code == 200


@pytest.mark.usefixtures("required")
def test_a_reviewer_who_sets_up_an_app_then_reaches_the_admin(client):
    reviewer = ReviewerFactory()
    signed_in(client, reviewer).get(PAGE)
    device = reviewer.totpdevice_set.get()
    response = client.post(PAGE, {"code": next_code(device)})
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("required")
def test_a_reviewer_who_signs_in_with_the_code_reaches_the_admin(client, log_in):
    device = TOTPDeviceFactory(user=ReviewerFactory())
    assert log_in(device.user, code=next_code(device))["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@pytest.mark.usefixtures("required")
def test_a_reviewer_who_removes_the_app_is_sent_back_to_set_one_up(client, log_in):
    device = TOTPDeviceFactory(user=ReviewerFactory())
    log_in(device.user, code=next_code(device))
    client.post(f"{PAGE}supprimer/", {"code": next_code(device)})
    assert client.get("/admin/")["Location"] == PAGE
