"""Review links: an address that lets a clinician without an account read one frozen revision.

The address carries a token signed with the site's secret key that names the link (`make_token`).
`link_for_token` is the one check a visit goes through: the signature, its age, then the link's
row, which is the truth about revocation and expiry. A forged or altered token, an unknown link,
a revoked one and an expired one all give None, so a visitor cannot tell one from another.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from articles import publishing, revisions
from articles.models import Article, Event, ReviewLink

# Tokens signed for review links and for nothing else; changing it breaks every link already sent.
SALT = "articles.review_link"


class _Signer(signing.TimestampSigner):
    """Dates the signature with the link's creation rather than now: a link keeps one address
    however often it is shown, and the signature's age is the link's age."""

    def __init__(self, made_at: datetime | None = None) -> None:
        super().__init__(salt=SALT)
        self.made_at = made_at

    def timestamp(self) -> str:
        return signing.b62_encode(int(self.made_at.timestamp()))


def make_token(link: ReviewLink) -> str:
    return _Signer(link.created_at).sign_object(link.pk)


def link_for_token(token: str, now: datetime | None = None) -> ReviewLink | None:
    """The open link `token` names, with its article and revision; None for any other token.

    Besides the row's `expires_at`, a signature older than REVIEW_LINK_DAYS is refused: a link
    never outlives the longest life the site gives one, whatever its row says.
    """
    try:
        pk = _Signer().unsign_object(token, max_age=timedelta(days=settings.REVIEW_LINK_DAYS))
    except signing.BadSignature:  # SignatureExpired included
        return None
    link = ReviewLink.objects.select_related("article", "revision").filter(pk=pk).first()
    if link is None or state(link, now or timezone.now()) != ReviewLink.State.OPEN:
        return None
    return link


def state(link: ReviewLink, now: datetime) -> ReviewLink.State:
    if link.revoked_at is not None:
        return ReviewLink.State.REVOKED
    if link.expires_at <= now:
        return ReviewLink.State.EXPIRED
    return ReviewLink.State.OPEN


def link_path(link: ReviewLink) -> str:
    return reverse("articles:review_link", kwargs={"token": make_token(link)})


def create(article: Article, user) -> ReviewLink:
    """A link to the working copy as saved now, frozen: later changes to the copy are not shown."""
    with transaction.atomic():  # not the decorator, which mutation testing would skip
        publishing.record_save(article, user)  # a snapshot of the copy, unless the latest one is it
        revision = revisions.latest(article)
        link = ReviewLink.objects.create(article=article, revision=revision, created_by=user)
        expires = timezone.localtime(link.expires_at)
        Event.objects.create(
            article=article,
            revision=revision,
            action=Event.Action.REVIEW_LINK_CREATED,
            user=user,
            at=link.created_at,
            comment=f"Lien n° {link.pk}, valable jusqu’au {expires:%d/%m/%Y %H:%M}",
        )
    return link


def revoke(link: ReviewLink, user) -> bool:
    """Close the link at once; False if it already was (nothing is written then)."""
    now = timezone.now()
    with transaction.atomic():
        if not ReviewLink.objects.filter(pk=link.pk, revoked_at=None).update(revoked_at=now, revoked_by=user):
            return False
        Event.objects.create(
            article_id=link.article_id,
            revision_id=link.revision_id,
            action=Event.Action.REVIEW_LINK_REVOKED,
            user=user,
            at=now,
            comment=f"Lien n° {link.pk}",
        )
    link.revoked_at, link.revoked_by = now, user
    return True
