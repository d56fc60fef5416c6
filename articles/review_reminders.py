"""Who is reminded of which overdue medical review (articles.review_due), and what they read.

Each reviewer whose account has an e-mail address gets one message listing their overdue
articles. The others (a review still pending, so nobody to ask, or a reviewer without an active
account with an address) go to every member of the medical reviewers' group who has an address,
in the same one message per person.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db.models import F
from django.urls import reverse

from articles import review_due
from articles.models import Revision
from articles.roles import REVIEWERS_GROUP


def overdue_revisions() -> list[Revision]:
    """The overdue live revisions, pending ones (no date) first, then the longest overdue."""
    due = review_due.overdue().select_related("reviewer__user").defer("content", "rendered", "checks")
    return list(due.order_by(F("next_review_on").asc(nulls_first=True), "title"))


def describe(revision: Revision) -> str:
    return review_due.describe(revision.reviewer_id, revision.next_review_on)


def public_url(revision: Revision) -> str:
    return settings.SITE_URL + reverse("articles:detail", kwargs={"slug": revision.slug})


def admin_url(revision: Revision) -> str:
    return settings.SITE_URL + reverse("admin:articles_article_change", args=[revision.article_id])


def _reachable(user) -> bool:
    return user is not None and user.is_active and bool(user.email)


def _name(user) -> str:
    person = getattr(user, "person", None)
    return person.name if person else user.get_full_name() or user.username


@dataclass
class Reminder:
    """One message: the articles this person reviewed, and those nobody else can be asked about."""

    user: object
    own: list[Revision] = field(default_factory=list)
    unassigned: list[Revision] = field(default_factory=list)

    @property
    def name(self) -> str:
        return _name(self.user)

    @property
    def count(self) -> int:
        return len(self.own) + len(self.unassigned)

    def message(self) -> EmailMessage:
        plural = "s" if self.count > 1 else ""
        subject = f"Relecture médicale en retard : {self.count} article{plural}"
        parts = [f"Bonjour {self.name},"]
        if self.own:
            parts.append("La relecture médicale de ces articles en ligne, que vous avez relus, est en retard :")
            parts.extend(_entry(revision) for revision in self.own)
        if self.unassigned:
            parts.append(
                "Ces articles en ligne attendent une relecture médicale et aucun relecteur n’en est prévenu "
                f"directement ; vous recevez ce message comme membre du groupe « {REVIEWERS_GROUP} » :"
            )
            parts.extend(_entry(revision) for revision in self.unassigned)
        parts.append("Une relecture médicale complète, approuvée dans l’administration, fixe la date de la suivante.")
        parts.append(f"Message automatique de {settings.SITE_URL}.")
        # Quoted: a comma or a full stop in a name must not split or break the address.
        to = '"{}" <{}>'.format(self.name.replace("\\", "").replace('"', ""), self.user.email)
        return EmailMessage(subject, "\n\n".join(parts) + "\n", settings.DEFAULT_FROM_EMAIL, [to])


def _entry(revision: Revision) -> str:
    return (
        f"- {revision.title} : {describe(revision)}\n"
        f"  Dans l’administration : {admin_url(revision)}\n"
        f"  Sur le site : {public_url(revision)}"
    )


def reminders(overdue: Iterable[Revision]) -> tuple[list[Reminder], list[Revision]]:
    """One reminder per person to write to, and the articles nobody can be told about (no reviewer
    reachable and no member of the group with an address)."""
    by_user: dict[int, Reminder] = {}
    unassigned = []
    for revision in overdue:
        user = revision.reviewer.user if revision.reviewer else None
        if _reachable(user):
            by_user.setdefault(user.pk, Reminder(user)).own.append(revision)
        else:
            unassigned.append(revision)
    if not unassigned:
        return list(by_user.values()), []
    members = (
        get_user_model()
        .objects.filter(groups__name=REVIEWERS_GROUP, is_active=True)
        .exclude(email="")
        .select_related("person")
        .order_by("pk")
    )
    for user in members:
        by_user.setdefault(user.pk, Reminder(user)).unassigned = unassigned
    return list(by_user.values()), [] if members else unassigned
