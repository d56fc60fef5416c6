"""`manage.py feedback_digest`: each article's editors get the period's figures and comments."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from articles.models import Revision
from feedback.models import Feedback
from tests.factories import ArticleFactory, FeedbackFactory, PersonFactory, WriterFactory

pytestmark = pytest.mark.django_db


def aged(feedback: Feedback, days: float) -> Feedback:
    Feedback.objects.filter(pk=feedback.pk).update(created_at=timezone.now() - timedelta(days=days))
    return feedback


def saved_by(article, user) -> None:
    Revision.objects.filter(article=article).update(created_by=user)


def test_the_editor_who_saved_the_article_gets_its_figures_and_comments(settings):
    settings.SITE_URL = "https://sante.example.fr"
    writer = WriterFactory(email="ines@example.fr", first_name="Inès", last_name="Redac")
    article = ArticleFactory(title="La grippe")
    saved_by(article, writer)
    FeedbackFactory(article=article, rating=5, comment="Très clair, écrivez-moi à lea@example.fr")
    FeedbackFactory(article=article, rating=2, comment="")
    FeedbackFactory(article=article, rating=1, comment="Pub", spam_reason=Feedback.SpamReason.HONEYPOT)
    aged(FeedbackFactory(article=article, rating=4, comment="La semaine d’avant"), 10)
    call_command("feedback_digest", "--days", "7")
    (message,) = mail.outbox
    assert message.to == ['"Inès Redac" <ines@example.fr>']
    assert message.subject == "Avis des lecteurs des 7 derniers jours : 1 article"
    assert (
        "« La grippe »\n  2 avis (7 jours précédents : 1), note moyenne 3,5 / 5, 50\u202f% de notes 4 ou 5."
        in message.body
    )
    assert "Très clair, écrivez-moi à [e-mail masqué]" in message.body
    assert (
        "lea@example.fr" not in message.body and "Pub" not in message.body and "La semaine d’avant" not in message.body
    )
    assert f"https://sante.example.fr/admin/feedback/feedback/tableau-de-bord/{article.pk}/" in message.body


def test_an_author_with_an_account_gets_it_and_one_message_covers_all_their_articles():
    author_account = WriterFactory(email="claire@example.fr")
    person = PersonFactory(user=author_account)
    first, second = ArticleFactory(title="B article"), ArticleFactory(title="A article")
    for article in (first, second):
        live = Revision.objects.live().get(article=article)
        live.content = {**live.content, "authors": [person.pk]}
        live.save()
        FeedbackFactory(article=article)
    call_command("feedback_digest")
    (message,) = mail.outbox
    assert message.subject.endswith(": 2 articles")
    assert message.body.index("« A article »") < message.body.index("« B article »")


def test_nobody_hears_of_an_article_without_news_or_without_an_address():
    quiet, busy = ArticleFactory(), ArticleFactory()
    saved_by(quiet, WriterFactory(email="calme@example.fr"))
    saved_by(busy, WriterFactory(email=""))
    FeedbackFactory(article=busy)
    old_editor = WriterFactory(email="parti@example.fr")
    saved_by(busy, old_editor)
    Revision.objects.filter(article=busy).update(created_at=timezone.now() - timedelta(days=200))
    call_command("feedback_digest")
    assert mail.outbox == []


def test_the_period_must_be_a_day_or_more():
    with pytest.raises(CommandError, match="--days doit être un nombre de jours supérieur ou égal à 1"):
        call_command("feedback_digest", "--days", "0")
