import time
from urllib.parse import urlencode

import pytest
from django.core import signing
from django.test import Client

from feedback.models import Feedback, RefusedPost
from feedback.spam import SHOWN_AT_SALT, client_key, failed_timer, sign_shown_at
from tests.html import soup, text_of

pytestmark = pytest.mark.django_db

FORM = "application/x-www-form-urlencoded"


def test_a_bot_filling_the_honeypot_is_thanked_and_its_post_kept_as_spam(client, post_feedback):
    response = post_feedback(site_web="https://spam.example", comment="Achetez maintenant")
    assert response.status_code == 303
    assert "Merci pour votre retour." in text_of(soup(client.get(response["Location"])).find(id="avis"))
    saved = Feedback.objects.get()
    assert saved.spam_reason == Feedback.SpamReason.HONEYPOT
    assert saved.comment == "Achetez maintenant"


def test_a_post_sent_faster_than_a_person_reads_is_kept_as_spam(post_feedback):
    response = post_feedback(json=True, shown_at=sign_shown_at(time.time() - 1))
    assert response.json()["ok"] is True
    assert Feedback.objects.get().spam_reason == Feedback.SpamReason.TIMER


@pytest.mark.parametrize("token", ["", "1700000000", "1700000000:forged-signature"])
def test_a_missing_or_forged_time_stamp_counts_as_too_fast(post_feedback, token):
    post_feedback(shown_at=token)
    assert Feedback.objects.get().spam_reason == Feedback.SpamReason.TIMER


def test_a_post_with_a_year_old_time_stamp_is_kept_as_spam(post_feedback):
    post_feedback(shown_at=sign_shown_at(time.time() - 365 * 86_400))
    assert Feedback.objects.get().spam_reason == Feedback.SpamReason.TIMER


@pytest.mark.parametrize(
    ("age", "failed"),
    [(2, True), (3, False), (86_400, False), (86_401, True)],
)
def test_the_time_stamp_is_good_from_the_minimum_delay_to_its_maximum_age(settings, age, failed):
    settings.FEEDBACK_MIN_SECONDS, settings.FEEDBACK_STAMP_MAX_AGE = 3, 86_400
    now = 1_800_000_000
    assert failed_timer(sign_shown_at(now - age), now=now) is failed


def test_a_client_is_known_by_32_hex_digits_of_an_hmac_of_its_address_under_the_secret_key(rf, settings):
    settings.SECRET_KEY = "cle-de-test"
    # HMAC-SHA256(key="cle-de-test", message="192.0.2.7"), first 32 hex digits.
    assert client_key(rf.get("/", REMOTE_ADDR="192.0.2.7")) == "d089e41c2fc99f7fe7244ab13710df52"


def test_another_secret_key_gives_another_client_key(rf, settings):
    request = rf.get("/", REMOTE_ADDR="192.0.2.7")
    settings.SECRET_KEY = "cle-de-test"
    first = client_key(request)
    settings.SECRET_KEY = "autre-cle"
    assert client_key(request) != first


def test_the_client_key_follows_the_address_behind_our_proxy(rf, settings):
    settings.PROXY_COUNT = 1
    behind_proxy = rf.get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="192.0.2.7")
    assert client_key(behind_proxy) == client_key(rf.get("/", REMOTE_ADDR="192.0.2.7"))
    assert client_key(behind_proxy) != client_key(rf.get("/", REMOTE_ADDR="127.0.0.1"))


@pytest.mark.parametrize("now", [1_800_000_000, 1_800_000_000.9])
def test_the_time_stamp_signs_the_whole_second_it_was_shown(now):
    assert signing.Signer(salt=SHOWN_AT_SALT).unsign(sign_shown_at(now)) == "1800000000"


def test_a_time_stamp_signed_for_another_purpose_counts_as_too_fast(settings):
    settings.FEEDBACK_MIN_SECONDS = 3
    now = 1_800_000_000
    assert failed_timer(signing.Signer(salt="autre").sign(str(now - 30)), now=now) is True


def test_a_time_stamp_that_is_not_a_number_counts_as_too_fast(settings):
    settings.FEEDBACK_MIN_SECONDS = 3
    assert failed_timer(signing.Signer(salt=SHOWN_AT_SALT).sign("hier"), now=1_800_000_000) is True


def test_without_a_given_time_the_timer_reads_the_clock(settings):
    settings.FEEDBACK_MIN_SECONDS = 3
    assert failed_timer(sign_shown_at(time.time() - 30)) is False
    assert failed_timer(sign_shown_at()) is True


def test_the_maximum_age_can_be_lifted(settings):
    settings.FEEDBACK_STAMP_MAX_AGE = 0
    now = 1_800_000_000
    assert failed_timer(sign_shown_at(now - 365 * 86_400), now=now) is False


def test_a_bot_post_that_is_not_even_valid_is_counted(post_feedback):
    post_feedback(site_web="x", rating="99")
    assert Feedback.objects.count() == 0
    assert RefusedPost.objects.get().reason == RefusedPost.Reason.HONEYPOT


def test_the_timer_can_be_lifted_for_a_load_test(post_feedback, settings):
    settings.FEEDBACK_MIN_SECONDS = 0
    post_feedback(shown_at="")
    assert Feedback.objects.get().spam_reason == ""


def test_a_reader_over_the_rate_limit_is_told_to_come_back_later_and_keeps_the_text(post_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 3
    for n in range(settings.FEEDBACK_RATE_LIMIT):
        assert post_feedback(comment=f"Avis numéro {n}").status_code == 303
    response = post_feedback(rating="1", comment="Le quatrième")
    assert response.status_code == 429
    block = soup(response).find(id="avis")
    assert "réessayez dans quelques minutes" in text_of(block)
    assert block.find("textarea").text.strip() == "Le quatrième"
    assert block.find("input", attrs={"name": "rating", "value": "1"}).has_attr("checked")
    assert Feedback.objects.count() == settings.FEEDBACK_RATE_LIMIT
    assert RefusedPost.objects.values_list("reason", "count").get() == (RefusedPost.Reason.RATE_LIMIT, 1)


def test_the_rate_limit_answers_json_to_the_script(post_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    post_feedback(json=True)
    response = post_feedback(json=True)
    assert response.status_code == 429
    assert "réessayez dans quelques minutes" in response.json()["message"]


def test_the_rate_limit_counts_one_address_across_browsers(settings, article, post_feedback):
    settings.FEEDBACK_RATE_LIMIT = 2
    other_browser = Client(REMOTE_ADDR="127.0.0.1")
    post_feedback()
    post_feedback()
    headers = {"Origin": "http://testserver"}
    data = {"rating": "4", "shown_at": sign_shown_at(time.time() - 30)}
    assert (
        other_browser.post(f"/avis/{article.slug}/", urlencode(data), content_type=FORM, headers=headers).status_code
        == 429
    )


def test_the_rate_limit_does_not_touch_another_address(settings, article, post_feedback):
    settings.FEEDBACK_RATE_LIMIT = 1
    post_feedback()
    other_reader = Client(REMOTE_ADDR="192.0.2.7")
    data = {"rating": "4", "shown_at": sign_shown_at(time.time() - 30)}
    assert (
        other_reader.post(
            f"/avis/{article.slug}/", urlencode(data), content_type=FORM, headers={"Origin": "http://testserver"}
        ).status_code
        == 303
    )


def test_invalid_posts_do_not_use_up_the_rate_limit(post_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 1
    for _ in range(3):
        assert post_feedback(rating=None).status_code == 400
    assert post_feedback().status_code == 303


def test_the_rate_limit_can_be_lifted_for_a_load_test(post_feedback, settings):
    settings.FEEDBACK_RATE_LIMIT = 0
    for n in range(15):
        assert post_feedback(comment=f"n°{n}").status_code == 303
    assert Feedback.objects.count() == 15


def test_no_address_is_stored_in_the_database(post_feedback):
    post_feedback(comment="rien")
    row = Feedback.objects.values().get()
    assert not any("127.0.0.1" in str(value) for value in row.values())


def test_the_same_comment_twice_in_a_row_is_kept_as_a_duplicate(post_feedback):
    post_feedback(comment="Super article !")
    response = post_feedback(comment="  super   ARTICLE ! ")
    assert response.status_code == 303
    first, second = Feedback.objects.order_by("id")
    assert first.spam_reason == ""
    assert second.spam_reason == Feedback.SpamReason.DUPLICATE


# An invisible character is refused by the form (400) before the duplicate check; the check still
# ignores them (tests/feedback/test_comment_words.py) in case that rule is ever relaxed.
@pytest.mark.parametrize("again", ["Super article.", "Super artícle !", "SUPER  article"])
def test_a_full_stop_an_accent_or_the_case_does_not_hide_a_duplicate(post_feedback, again):
    post_feedback(comment="Super article !")
    post_feedback(comment=again)
    assert Feedback.objects.order_by("id").last().spam_reason == Feedback.SpamReason.DUPLICATE


def test_two_ratings_without_comment_are_not_duplicates(post_feedback):
    post_feedback(comment="")
    post_feedback(comment="")
    assert list(Feedback.objects.values_list("spam_reason", flat=True)) == ["", ""]
