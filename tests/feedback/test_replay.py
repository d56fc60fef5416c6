"""Opinions spooled while the database was down are stored once it answers, exactly once."""

import fcntl
import json
import logging
import os
import time
from datetime import datetime
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.utils import timezone

from articles import publishing
from articles.models import Revision
from feedback import spool
from feedback.models import DailyRating, Feedback
from feedback.spam import sign_shown_at
from operations import outages
from tests.factories import StaffFactory
from tests.outage import database_unreachable

pytestmark = pytest.mark.django_db


def spool_path() -> Path:
    return Path(settings.FEEDBACK_SPOOL_DIR) / spool.SPOOL_FILE


def spooled_lines() -> list[dict]:
    return [json.loads(line) for line in spool_path().read_bytes().splitlines()] if spool_path().exists() else []


@pytest.fixture
def version(article) -> int:
    return Revision.objects.live().get(article=article).pk


def test_the_health_check_stores_what_waited_at_the_time_it_was_posted_and_counts_it(
    client, article, version, post_feedback, outage_clock
):
    with database_unreachable():
        post_feedback(rating="5", comment="Très utile.", version_lue=str(version))
    (line,) = spooled_lines()
    assert outages.report()["feedback_spool_pending"] == 1
    outage_clock(outages.RETRY_SECONDS[0])  # the health check tries the database again
    assert client.get("/healthz").status_code == 200
    saved = Feedback.objects.get()
    assert (saved.article, saved.rating, saved.comment, saved.revision_id) == (article, 5, "Très utile.", version)
    assert saved.created_at == datetime.fromisoformat(line["posted_at"])
    assert saved.idempotency_key == line["key"]
    daily = DailyRating.objects.get()
    assert (daily.day, daily.count, daily.rating_sum) == (timezone.localdate(saved.created_at), 1, 5)
    assert spool_path().read_bytes() == b""
    assert outages.report()["feedback_spool_pending"] == 0


def test_a_replay_that_stopped_before_emptying_the_spool_stores_nothing_twice(post_feedback, monkeypatch):
    with database_unreachable():
        post_feedback(comment="Premier.")
        post_feedback(comment="Second.")

    def crash(*args) -> None:
        raise KeyboardInterrupt  # the process stops between the commit and emptying the spool

    monkeypatch.setattr(spool.os, "ftruncate", crash)
    with pytest.raises(KeyboardInterrupt):
        spool.replay()
    monkeypatch.undo()
    assert len(spooled_lines()) == 2 and Feedback.objects.count() == 2
    done = spool.replay()
    assert (done.stored, done.already) == (0, 2)
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == ["Premier.", "Second."]
    assert DailyRating.objects.get().count == 2
    assert spool.replay() == spool.Replayed()


def test_the_same_form_sent_twice_during_the_outage_is_kept_twice_the_second_flagged_duplicate(post_feedback):
    stamp = sign_shown_at(time.time() - 30)
    with database_unreachable():
        post_feedback(shown_at=stamp)
        post_feedback(shown_at=stamp)
    done = spool.replay()
    assert (done.stored, done.already) == (2, 0)
    assert list(Feedback.objects.order_by("pk").values_list("spam_reason", flat=True)) == [
        "",
        Feedback.SpamReason.DUPLICATE,
    ]
    assert DailyRating.objects.get().count == 1, "a duplicate is not counted, as with the database up"


def test_a_line_torn_by_a_crash_is_skipped_and_logged(post_feedback, caplog):
    with database_unreachable():
        post_feedback(comment="Gardé.")
    with spool_path().open("ab") as spooled:
        spooled.write(b'{"key":"b","slug":"immuno')  # never acknowledged: the process died writing it
    done = spool.replay()
    assert (done.stored, done.unreadable) == (1, 1)
    assert list(Feedback.objects.values_list("comment", flat=True)) == ["Gardé."]
    assert "feedback spool: line 2 unreadable" in caplog.text
    assert spool_path().read_bytes() == b""


def test_an_opinion_on_an_article_that_no_longer_exists_is_kept_aside_and_logged(post_feedback, caplog):
    with database_unreachable():
        post_feedback(slug="article-supprime", comment="Sur un article disparu.")
    line = spool_path().read_bytes()
    caplog.set_level(logging.ERROR)
    done = spool.replay()
    assert done.rejected == 1 and Feedback.objects.count() == 0
    assert (Path(settings.FEEDBACK_SPOOL_DIR) / spool.REJECTED_FILE).read_bytes() == line
    assert "1 opinion(s) on an article that no longer exists" in caplog.text
    assert spool_path().read_bytes() == b""


def test_an_opinion_on_an_article_withdrawn_since_still_counts(article, version, post_feedback):
    with database_unreachable():
        post_feedback(version_lue=str(version))
    publishing.unpublish(article, StaffFactory())
    assert spool.replay().stored == 1
    assert Feedback.objects.get().revision_id == version


def test_spam_is_stored_as_such_and_not_counted(post_feedback):
    with database_unreachable():
        post_feedback(site_web="http://spam.example")
        post_feedback(comment="Toujours le même.")
        post_feedback(comment="Toujours le même !")
    spool.replay()
    assert list(Feedback.objects.order_by("id").values_list("spam_reason", flat=True)) == [
        Feedback.SpamReason.HONEYPOT,
        "",
        Feedback.SpamReason.DUPLICATE,
    ]
    assert DailyRating.objects.get().count == 1


def test_an_opinion_stored_normally_brings_what_waited_with_it(post_feedback, outage_clock):
    with database_unreachable():
        post_feedback(comment="Pendant la panne.")
    outage_clock(outages.RETRY_SECONDS[0])  # the database is tried again
    assert post_feedback(comment="Après la panne.").status_code == 303
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == ["Après la panne.", "Pendant la panne."]


def test_a_long_outages_spool_is_stored_a_batch_at_a_time_and_emptied_once_all_are(post_feedback, monkeypatch):
    monkeypatch.setattr(spool, "REPLAY_BATCH", 2)
    with database_unreachable():
        for comment in ("Un.", "Deux.", "Trois."):
            post_feedback(comment=comment)
        post_feedback(slug="article-supprime")
    spool.replay_if_pending()
    assert Feedback.objects.count() == 2
    assert len(spooled_lines()) == 4
    assert not (Path(settings.FEEDBACK_SPOOL_DIR) / spool.REJECTED_FILE).exists()
    spool.replay_if_pending()
    assert sorted(Feedback.objects.values_list("comment", flat=True)) == ["Deux.", "Trois.", "Un."]
    assert spooled_lines() == []
    assert len((Path(settings.FEEDBACK_SPOOL_DIR) / spool.REJECTED_FILE).read_bytes().splitlines()) == 1


def test_a_spool_another_process_is_replaying_is_left_to_it(post_feedback):
    with database_unreachable():
        post_feedback()
    with spool_path().open("rb") as other:
        fcntl.flock(other, fcntl.LOCK_EX)
        spool.replay_if_pending()
        assert Feedback.objects.count() == 0
    spool.replay_if_pending()
    assert Feedback.objects.count() == 1


def test_the_command_says_what_it_stored(post_feedback, capsys):
    with database_unreachable():
        post_feedback()
        post_feedback(slug="article-supprime")
    lines = spool_path().read_bytes().splitlines(keepends=True)
    spool_path().write_bytes(lines[0] + lines[0] + lines[1])  # as after a replay that stopped past its commit
    call_command("replay_feedback_spool")
    out = capsys.readouterr().out
    assert "Avis enregistrés : 1" in out
    assert "Déjà enregistrés : 1" in out
    assert "Refusés, article introuvable : 1" in out


def test_nothing_waiting_costs_the_health_check_one_stat(client, django_assert_num_queries):
    assert not spool_path().exists()
    with django_assert_num_queries(1):  # SELECT 1
        assert client.get("/healthz").status_code == 200
    assert os.path.exists(settings.FEEDBACK_SPOOL_DIR)
