import pytest
from django.core.management import CommandError, call_command

from feedback.models import DailyRating
from tests.factories import FeedbackFactory

pytestmark = pytest.mark.django_db


def test_the_command_makes_the_daily_counts_again(article, capsys):
    FeedbackFactory.create_batch(3, article=article, rating=5)
    call_command("rebuild_feedback_ratings")
    assert DailyRating.objects.get().count == 3
    assert "1 ligne(s) d’avis par jour refaite(s)." in capsys.readouterr().out


def test_a_malformed_day_is_refused_in_french():
    with pytest.raises(CommandError, match="--since attend une date AAAA-MM-JJ"):
        call_command("rebuild_feedback_ratings", "--since", "31/01/2026")
