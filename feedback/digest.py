"""The digest of readers' opinions that `manage.py feedback_digest --days 7` e-mails to editors.

An article's editors are the people who work on it: the users who saved a version of it in the
last EDITOR_DAYS days (a writer who changed it a month ago wants to know whether the change
helped), and the accounts linked to the authors its live version names. Only active staff
accounts with an e-mail address are written to. Each gets one message for all their articles
that received opinions in the period; nobody gets an empty message.
"""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import Count, Q, Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.text import Truncator

from articles.models import Article, Person, Revision
from feedback import personal_data
from feedback.insights import Tally
from feedback.invisible import reveal
from feedback.models import Feedback
from feedback.templatetags.feedback_figures import percent, rating

EDITOR_DAYS = 90
COMMENTS_PER_ARTICLE = 10
COMMENT_CHARACTERS = 300


@dataclass
class ArticleNews:
    pk: int
    title: str
    tally: Tally
    before: Tally
    comments: list[Feedback] = field(default_factory=list)


def _tallies(since: datetime, until: datetime) -> dict[int, Tally]:
    counted = (
        Feedback.objects.filter(created_at__gte=since, created_at__lt=until, spam_reason="")
        .values("article_id")
        .order_by()
        .annotate(
            count=Count("id"),
            total=Sum("rating"),
            **{f"r{n}": Count("id", filter=Q(rating=n)) for n in range(1, 6)},
        )
    )
    return {
        row["article_id"]: Tally.of(row["count"], row["total"], *(row[f"r{n}"] for n in range(1, 6))) for row in counted
    }


def news(since: datetime, until: datetime) -> dict[int, ArticleNews]:
    """The articles that received opinions in [since, until), with the period before for comparison."""
    tallies = _tallies(since, until)
    before = _tallies(since - (until - since), since)
    titles = dict(Article.objects.filter(pk__in=tallies).values_list("pk", "title"))
    found = {pk: ArticleNews(pk, titles[pk], tally, before.get(pk, Tally())) for pk, tally in tallies.items()}
    comments = (
        Feedback.objects.filter(created_at__gte=since, created_at__lt=until, spam_reason="")
        .exclude(comment="")
        .only("article_id", "rating", "comment", "created_at")
        .order_by("article_id", "-created_at")
    )
    for comment in comments.iterator():
        kept = found[comment.article_id].comments
        if len(kept) < COMMENTS_PER_ARTICLE:
            kept.append(comment)
    return found


def editors(article_ids: set[int], now: datetime) -> dict[int, set[int]]:
    """user id → the articles among `article_ids` they edited lately or are an author of."""
    found: dict[int, set[int]] = defaultdict(set)
    saved = Revision.objects.filter(
        article_id__in=article_ids, created_at__gte=now - timedelta(days=EDITOR_DAYS), created_by__isnull=False
    ).values_list("article_id", "created_by")
    for article_id, user_id in saved:
        found[user_id].add(article_id)
    authors_of = {
        article_id: author_ids or []
        for article_id, author_ids in Revision.objects.live(now)
        .filter(article_id__in=article_ids)
        .values_list("article_id", "content__authors")
    }
    wanted = {person for authors in authors_of.values() for person in authors}
    accounts = dict(Person.objects.filter(pk__in=wanted, user__isnull=False).values_list("pk", "user_id"))
    for article_id, authors in authors_of.items():
        for person in authors:
            if person in accounts:
                found[accounts[person]].add(article_id)
    return found


def _name(user) -> str:
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.username


def _figures(news: ArticleNews, days: int) -> str:
    return (
        f"  {news.tally.count} avis ({days} jours précédents : {news.before.count}), note moyenne "
        f"{rating(news.tally.average)} / 5, {percent(news.tally.satisfied_share)} de notes 4 ou 5."
    )


def _comment(feedback: Feedback) -> str:
    text = Truncator(reveal(personal_data.mask(feedback.comment)).replace("\n", " ")).chars(COMMENT_CHARACTERS)
    return f"  - {feedback.rating}/5, le {timezone.localtime(feedback.created_at):%d/%m à %H:%M} : « {text} »"


def message(user, articles: list[ArticleNews], since: datetime, until: datetime, days: int) -> EmailMessage:
    plural = "s" if len(articles) > 1 else ""
    subject = f"Avis des lecteurs des {days} derniers jours : {len(articles)} article{plural}"
    parts = [
        f"Bonjour {_name(user)},",
        f"Voici ce que les lecteurs ont dit, du {timezone.localtime(since):%d/%m/%Y %H:%M} au "
        f"{timezone.localtime(until):%d/%m/%Y %H:%M}, des articles que vous avez modifiés ces {EDITOR_DAYS} "
        "derniers jours ou dont vous êtes l’auteur (les avis indésirables ne sont pas comptés ; les données "
        "personnelles des commentaires sont masquées).",
    ]
    for news in articles:
        url = settings.SITE_URL + reverse("admin:feedback_dashboard_article", args=[news.pk])
        lines = [f"« {news.title} »", _figures(news, days)]
        if news.comments:
            lines.append(f"  Derniers commentaires ({len(news.comments)}) :")
            lines.extend(_comment(comment) for comment in news.comments)
        lines.append(f"  Tableau de bord et commentaires à trier : {url}")
        parts.append("\n".join(lines))
    parts.append(f"Message automatique de {settings.SITE_URL}.")
    to = '"{}" <{}>'.format(_name(user).replace("\\", "").replace('"', ""), user.email)
    return EmailMessage(subject, "\n\n".join(parts) + "\n", settings.DEFAULT_FROM_EMAIL, [to])


def messages(days: int, now: datetime | None = None) -> list[EmailMessage]:
    until = now or timezone.now()
    since = until - timedelta(days=days)
    found = news(since, until)
    if not found:
        return []
    by_user = editors(set(found), until)
    users = (
        get_user_model()
        .objects.filter(pk__in=by_user, is_active=True, is_staff=True)
        .exclude(email="")
        .select_related("person")
        .order_by("pk")
    )
    return [
        message(user, sorted((found[pk] for pk in by_user[user.pk]), key=lambda n: n.title), since, until, days)
        for user in users
    ]
