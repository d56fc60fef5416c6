"""An opinion posted while the database does not answer is kept on disk before its reader is
thanked, and given back to them when it cannot be kept."""

import errno
import json
import os
import time
from contextlib import ExitStack
from pathlib import Path

import pytest
from django.conf import settings

from articles import live
from articles.models import Revision
from feedback import spool
from feedback.models import Feedback
from feedback.spam import sign_shown_at
from feedback.views import NOT_SPOOLED, TOO_MANY
from operations import outages
from tests.html import soup, text_of
from tests.outage import database_unreachable

pytestmark = pytest.mark.django_db


def version_of(article) -> str:
    return str(Revision.objects.live().get(article=article).pk)


def spooled() -> list[dict]:
    path = Path(settings.FEEDBACK_SPOOL_DIR) / spool.SPOOL_FILE
    return [json.loads(line) for line in path.read_bytes().splitlines()] if path.exists() else []


def test_an_opinion_is_thanked_once_its_line_is_on_disk(article, post_feedback, monkeypatch):
    on_disk_at_sync = []
    sync = os.fsync
    path = Path(settings.FEEDBACK_SPOOL_DIR) / spool.SPOOL_FILE

    def fsync(descriptor: int) -> None:
        if path.exists():
            on_disk_at_sync.append(path.read_bytes())
        sync(descriptor)

    monkeypatch.setattr(spool.os, "fsync", fsync)
    version = version_of(article)
    with database_unreachable():
        response = post_feedback(rating="5", comment="Très utile, merci.", version_lue=version)
    assert response.status_code == 200
    page = soup(response)
    assert "Merci pour votre retour." in text_of(page.find("main"))
    assert page.find("a", string="Retour à l’article")["href"] == article.get_absolute_url()
    (line,) = spooled()
    assert on_disk_at_sync and json.loads(on_disk_at_sync[0]) == line  # synced before the answer
    assert (line["slug"], line["rating"], line["comment"]) == (article.slug, 5, "Très utile, merci.")
    assert line["version_read"] == version
    assert line["spam_reason"] == "" and line["personal_data"] == []
    assert line["key"] and line["client"] and line["posted_at"]
    assert outages.report()["fallbacks"]["opinion spooled"] == 1


def test_with_javascript_the_answer_is_the_usual_thanks_block(post_feedback):
    with database_unreachable():
        response = post_feedback(json=True, rating="3")
    assert response.status_code == 200
    data = response.json()
    assert data["ok"] is True and data["message"] == "Merci pour votre retour."
    assert "Merci pour votre retour." in data["html"] and "<form" not in data["html"]
    assert len(spooled()) == 1


def test_an_opinion_is_spooled_when_the_database_fails_after_the_article_was_found(article, post_feedback, monkeypatch):
    found = live.page_at_any_address
    with ExitStack() as outage:

        def then_down(slug: str):
            page = found(slug)
            outage.enter_context(database_unreachable())  # the version read, the rate limit, the save fail
            return page

        monkeypatch.setattr(live, "page_at_any_address", then_down)
        response = post_feedback(version_lue="999999")
    assert response.status_code == 200
    assert [line["comment"] for line in spooled()] == ["Très clair."]


def test_two_readers_sending_the_same_opinion_from_one_cached_page_are_two_opinions(post_feedback):
    # One page served from a cache carries one stamp for all its readers; behind one address (a
    # carrier's NAT) two of them rating it 5 without a comment are still two opinions.
    stamp = sign_shown_at(time.time() - 30)
    with database_unreachable():
        post_feedback(shown_at=stamp, rating="5", comment="")
        post_feedback(shown_at=stamp, rating="5", comment="")
    keys = [line["key"] for line in spooled()]
    assert len(keys) == 2 and len(set(keys)) == 2
    assert spool.replay().stored == 2
    assert Feedback.objects.filter(rating=5).count() == 2


def test_the_spam_and_personal_data_rules_that_need_no_database_are_applied(post_feedback):
    with database_unreachable():
        assert post_feedback(site_web="http://spam.example").status_code == 200
        assert post_feedback(shown_at=sign_shown_at(time.time())).status_code == 200
        post_feedback(comment="Écrivez-moi à lecteur@example.fr")
    assert [(line["spam_reason"], line["personal_data"]) for line in spooled()] == [
        ("honeypot", []),
        ("timer", []),
        ("", ["e-mail"]),
    ]


def test_an_invalid_form_comes_back_with_its_french_errors_and_text(post_feedback):
    with database_unreachable():
        response = post_feedback(rating=None, comment="Mon texte à garder")
    assert response.status_code == 400
    page = soup(response)
    assert "Choisissez une note de 1 à 5 étoiles." in text_of(page.find(class_="error-summary"))
    assert page.find("textarea").text.strip() == "Mon texte à garder"
    assert page.title.get_text().startswith("Erreur : ")
    assert spooled() == []


def test_a_bots_invalid_post_is_thanked_and_not_spooled(post_feedback):
    with database_unreachable():
        response = post_feedback(rating=None, site_web="http://spam.example")
    assert response.status_code == 200
    assert spooled() == []


@pytest.fixture
def unwritable_spool(settings, tmp_path) -> None:
    (tmp_path / "un-fichier").write_text("")
    settings.FEEDBACK_SPOOL_DIR = tmp_path / "un-fichier" / "spool"


def test_a_spool_that_cannot_be_written_gives_503_with_the_text_kept(unwritable_spool, post_feedback, article):
    version = version_of(article)
    with database_unreachable():
        response = post_feedback(rating="2", comment="Mon texte à garder", version_lue=version)
    assert response.status_code == 503
    assert response["Retry-After"]
    page = soup(response)
    assert NOT_SPOOLED in text_of(page.find(class_="feedback-refusal"))
    assert page.find("input", attrs={"name": "rating", "value": "2"}).has_attr("checked")
    assert page.find("textarea").text.strip() == "Mon texte à garder"
    assert page.find("input", attrs={"name": "version_lue"})["value"] == version
    assert page.find("form")["action"] == f"/avis/{article.slug}/#avis"


def test_with_javascript_a_spool_that_cannot_be_written_gives_the_form_back(unwritable_spool, post_feedback):
    with database_unreachable():
        response = post_feedback(json=True, rating="2", comment="Mon texte à garder")
    assert response.status_code == 503
    data = response.json()
    assert data["ok"] is False and data["message"] == NOT_SPOOLED
    assert "Mon texte à garder" in data["html"]


def test_a_disk_that_cannot_sync_the_line_gets_no_thanks_and_keeps_no_half_line(post_feedback, monkeypatch):
    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(spool.os, "fsync", full)
    with database_unreachable():
        response = post_feedback(comment="Mon texte à garder")
    assert response.status_code == 503
    assert "Mon texte à garder" in soup(response).find("textarea").text
    assert (Path(settings.FEEDBACK_SPOOL_DIR) / spool.SPOOL_FILE).read_bytes() == b""


def test_a_line_torn_by_a_crash_does_not_swallow_the_next_opinion(post_feedback):
    path = Path(settings.FEEDBACK_SPOOL_DIR) / spool.SPOOL_FILE
    path.write_bytes(b'{"key":"a","slug":"immuno')
    with database_unreachable():
        post_feedback(comment="Après la panne.")
    torn, whole = path.read_bytes().splitlines()
    assert torn == b'{"key":"a","slug":"immuno'
    assert json.loads(whole)["comment"] == "Après la panne."


def test_the_rate_limit_applies_when_redis_counts_without_the_database(counter_store, settings, post_feedback):
    settings.FEEDBACK_RATE_LIMIT = 1
    with database_unreachable():
        post_feedback(comment="Premier.")
        second = post_feedback(comment="Second.")
    if counter_store == "redis":
        assert second.status_code == 429
        assert TOO_MANY in text_of(soup(second).find(class_="feedback-refusal"))
        assert [line["comment"] for line in spooled()] == ["Premier."]
    else:  # counted in the database, which does not answer: nobody is refused
        assert second.status_code == 200
        assert len(spooled()) == 2
