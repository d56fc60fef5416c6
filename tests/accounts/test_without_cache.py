"""With Redis down the staff still sign in with their code, edit and publish, and an account
locked out stays locked out: sessions fall back to their database rows (cached_db), the lock-out
is kept in the database (django-axes' database handler)."""

import pytest

from articles.models import Revision
from scripts.fault_harness import DROP
from tests.accounts.codes import next_code
from tests.articles.test_admin import change_form
from tests.articles.test_admin_workflow import change_url, signed_in
from tests.factories import TOTPDeviceFactory

pytestmark = pytest.mark.django_db


def test_with_redis_down_a_staff_member_signs_in_with_their_code_and_opens_the_articles_list(
    redis_nowhere, client, log_in, article
):
    device = TOTPDeviceFactory()
    response = log_in(device.user, code=next_code(device))
    assert response.status_code == 302 and response["Location"] == "/admin/"
    articles = client.get("/admin/articles/article/")
    assert articles.status_code == 200 and change_url(article) in articles.content.decode()


def test_with_redis_down_a_writer_submits_a_change_a_reviewer_publishes_it_and_readers_see_it(
    redis_nowhere, client, article
):
    writer = client.__class__()
    signed_in(writer, "Rédacteurs")
    data = change_form(writer, article)
    data.update(title=["La vaccination, relue pendant la panne"], _submit=["Soumettre à la relecture"])
    assert writer.post(change_url(article), data).status_code == 302

    signed_in(client, "Relecteurs médicaux")
    data = change_form(client, article)
    data.update(_approve=["Approuver et publier"], review_scope=["complete"], change_note=["Relu"])
    assert client.post(change_url(article), data).status_code == 302
    assert Revision.objects.live().get(article=article).title == "La vaccination, relue pendant la panne"
    reader_page = client.__class__().get(article.get_absolute_url())
    assert "La vaccination, relue pendant la panne" in reader_page.content.decode()


def test_an_account_locked_out_before_redis_went_down_stays_locked_out(redis_proxy, client, settings, log_in):
    device = TOTPDeviceFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(device.user, code=next_code(device), password="mauvais")
    assert response.status_code == 429

    redis_proxy.cut(DROP)
    assert log_in(device.user, code=next_code(device)).status_code == 429  # even with everything right
    assert client.get("/admin/").status_code == 302


def test_with_redis_down_password_guessing_still_locks_the_account_out(redis_nowhere, client, settings, log_in):
    device = TOTPDeviceFactory()
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = log_in(device.user, code=next_code(device), password="mauvais")
    assert response.status_code == 429
    assert log_in(device.user, code=next_code(device)).status_code == 429
