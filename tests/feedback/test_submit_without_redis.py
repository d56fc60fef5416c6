"""With Redis down no opinion is lost: it is stored, checked against the limits kept in the
database, and the posts after the first do not try Redis before the outage's retry time."""

import pytest

from feedback.models import Feedback, PostCount
from scripts.fault_harness import DROP

pytestmark = pytest.mark.django_db


def test_with_redis_refusing_connections_an_opinion_is_stored_and_the_reader_thanked(
    client, article, post_feedback, redis_nowhere
):
    response = post_feedback(comment="Enfin une explication claire.")
    assert response.status_code == 303 and response["Location"] == f"{article.get_absolute_url()}#avis"
    stored = Feedback.objects.get(article=article)
    assert (stored.comment, stored.spam_reason) == ("Enfin une explication claire.", "")
    assert "Merci pour votre retour" in client.get(response["Location"]).content.decode()


def test_during_an_outage_the_next_opinions_do_not_try_redis_and_the_limits_still_hold(
    article, post_feedback, redis_proxy, settings
):
    settings.FEEDBACK_RATE_LIMIT = 3
    redis_proxy.cut(DROP)
    assert post_feedback(comment="Premier avis.").status_code == 303
    tried = redis_proxy.accepted
    assert post_feedback(comment="Premier avis.").status_code == 303
    assert post_feedback(comment="Un autre.", json=True).status_code == 200
    assert post_feedback(comment="Encore un.").status_code == 429  # the fourth in the window
    assert redis_proxy.accepted == tried
    assert [f.spam_reason for f in Feedback.objects.order_by("pk")] == ["", "duplicate", ""]
    assert PostCount.objects.get().posts == 4
