from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from feedback.models import Feedback
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_purge_deletes_feedback_older_than_the_given_days_and_says_how_many(capsys):
    old = FeedbackFactory.create_batch(3)
    recent = FeedbackFactory()
    Feedback.objects.filter(pk__in=[f.pk for f in old]).update(created_at=timezone.now() - timedelta(days=400))
    Feedback.objects.filter(pk=recent.pk).update(created_at=timezone.now() - timedelta(days=300))
    call_command("purge_feedback", "--older-than", "365")
    assert "3 avis de plus de 365 jours supprimé(s)." in capsys.readouterr().out
    assert list(Feedback.objects.values_list("pk", flat=True)) == [recent.pk]


def test_purge_refuses_a_zero_day_retention():
    FeedbackFactory()
    with pytest.raises(CommandError, match="supérieur ou égal à 1"):
        call_command("purge_feedback", "--older-than", "0")
    assert Feedback.objects.count() == 1
