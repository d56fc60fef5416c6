"""Review links without HTTP: the token a link's address carries, the one check every visit goes
through (`link_for_token`), and making and revoking a link with its line in the journal.

These are the tests `make mutate` runs against articles/review_links.py: each behaviour the
module promises is pinned here, boundaries included.
"""

from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from articles import review_links
from articles.models import Event, ReviewLink, Revision
from articles.review_links import link_for_token, make_token
from tests.factories import ArticleFactory, StaffFactory

pytestmark = pytest.mark.django_db

DAY = timedelta(days=1)


@pytest.fixture(autouse=True)
def _a_week(settings) -> None:
    settings.REVIEW_LINK_DAYS = 7


@pytest.fixture
def link(article, staff) -> ReviewLink:
    return review_links.create(article, staff)


def made(article, user, *, created_at=None, expires_at=None) -> ReviewLink:
    """A link with the dates a test needs, on the article's latest revision."""
    created_at = created_at or timezone.now()
    return ReviewLink.objects.create(
        article=article,
        revision=article.revisions.order_by("-number").first(),
        created_by=user,
        created_at=created_at,
        expires_at=expires_at or created_at + 7 * DAY,
    )


def clock_at(monkeypatch, instant) -> None:
    """The wall clock the signature's age is measured with."""
    monkeypatch.setattr(signing.time, "time", lambda: instant.timestamp())


# The token.


def test_a_token_opens_the_link_it_was_made_for(link):
    assert link_for_token(make_token(link)) == link


def test_the_token_names_the_link_signed_with_the_review_link_salt_and_dated_by_the_link(link):
    # The salt and the layout are part of every address already sent: they must not drift.
    signer = signing.TimestampSigner(salt="articles.review_link")
    payload, stamp, _ = make_token(link).split(":")
    assert signer.unsign_object(make_token(link)) == link.pk
    assert stamp == signing.b62_encode(int(link.created_at.timestamp()))
    assert payload == signing.b64_encode(b"%d" % link.pk).decode()


def test_a_token_signed_elsewhere_with_the_review_link_salt_opens_the_link(link):
    token = signing.TimestampSigner(salt="articles.review_link").sign_object(link.pk)
    assert link_for_token(token) == link


def test_a_link_keeps_one_address_however_late_it_is_shown(link, monkeypatch):
    first = make_token(link)
    clock_at(monkeypatch, link.created_at + 3 * DAY)
    assert make_token(link) == first
    assert review_links.link_path(link) == f"/relecture/{first}/"


@pytest.mark.parametrize(
    "tamper",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # the signature altered
        lambda token: token[:-1],  # the signature cut short
        lambda token: token.rsplit(":", 1)[0],  # no signature
        lambda token: token.split(":", 1)[1],  # no link named
        lambda token: token.upper(),
        lambda token: "",
        lambda token: "relecture",
        lambda token: token + ":",
    ],
)
def test_an_altered_token_opens_nothing(link, tamper):
    assert link_for_token(tamper(make_token(link))) is None


def test_a_token_cannot_be_moved_to_another_link(article, staff):
    mine, other = review_links.create(article, staff), review_links.create(article, staff)
    _, stamp, signature = make_token(mine).split(":")
    moved = ":".join([make_token(other).split(":")[0], stamp, signature])
    assert link_for_token(moved) is None


@pytest.mark.parametrize(
    "signer",
    [
        signing.TimestampSigner(),  # Django's default salt
        signing.TimestampSigner(salt="feedback.sent"),
        signing.TimestampSigner(salt="articles.review_links"),
        signing.TimestampSigner(key="une-autre-cle-secrete-" * 3, salt="articles.review_link"),
    ],
    ids=["default salt", "another salt", "a near salt", "another key"],
)
def test_a_token_signed_with_another_salt_or_key_opens_nothing(link, signer):
    assert link_for_token(signer.sign_object(link.pk)) is None


def test_a_token_for_a_link_that_does_not_exist_opens_nothing(db):
    ghost = ReviewLink(pk=987_654, created_at=timezone.now())
    assert link_for_token(make_token(ghost)) is None


# The row: revocation and expiry.


def test_a_revoked_link_opens_nothing_even_before_it_expires(link, staff):
    token = make_token(link)
    review_links.revoke(link, staff)
    assert link_for_token(token) is None
    assert link_for_token(token, now=link.created_at + timedelta(seconds=1)) is None


def test_a_link_opens_until_the_instant_its_row_says_it_expires(article, staff):
    expires_at = timezone.now() + timedelta(hours=1)
    link = made(article, staff, expires_at=expires_at)
    token = make_token(link)
    assert link_for_token(token, now=expires_at - timedelta(microseconds=1)) == link
    assert link_for_token(token, now=expires_at) is None
    assert link_for_token(token, now=expires_at + DAY) is None


def test_without_a_given_instant_the_link_is_judged_now(article, staff):
    open_link = made(article, staff, expires_at=timezone.now() + timedelta(minutes=1))
    expired = made(article, staff, created_at=timezone.now() - DAY, expires_at=timezone.now() - timedelta(seconds=1))
    assert link_for_token(make_token(open_link)) == open_link
    assert link_for_token(make_token(expired)) is None


def test_a_signature_older_than_the_longest_life_of_a_link_opens_nothing_whatever_the_row_says(
    article, staff, monkeypatch
):
    created_at = timezone.now()
    link = made(article, staff, created_at=created_at, expires_at=created_at + 30 * DAY)
    token = make_token(link)
    clock_at(monkeypatch, created_at + 7 * DAY - timedelta(seconds=2))
    assert link_for_token(token, now=created_at + DAY) == link
    clock_at(monkeypatch, created_at + 7 * DAY + timedelta(seconds=2))
    assert link_for_token(token, now=created_at + DAY) is None


def test_the_longest_life_follows_the_setting(article, staff, settings, monkeypatch):
    settings.REVIEW_LINK_DAYS = 2
    created_at = timezone.now()
    link = made(article, staff, created_at=created_at, expires_at=created_at + 30 * DAY)
    clock_at(monkeypatch, created_at + 3 * DAY)
    assert link_for_token(make_token(link), now=created_at + DAY) is None


def test_an_open_link_comes_with_its_article_and_revision_in_one_query(link, django_assert_num_queries):
    token = make_token(link)
    with django_assert_num_queries(1):
        found = link_for_token(token)
        assert (found.article.title, found.revision.number) == (link.article.title, link.revision.number)


@pytest.mark.parametrize(
    ("revoked", "expires_in", "state", "label"),
    [
        (False, timedelta(seconds=1), ReviewLink.State.OPEN, "Valide"),
        (False, timedelta(0), ReviewLink.State.EXPIRED, "Expiré"),
        (False, -DAY, ReviewLink.State.EXPIRED, "Expiré"),
        (True, DAY, ReviewLink.State.REVOKED, "Révoqué"),
        (True, -DAY, ReviewLink.State.REVOKED, "Révoqué"),
    ],
)
def test_a_link_is_open_expired_or_revoked(revoked, expires_in, state, label):
    now = timezone.now()
    link = ReviewLink(expires_at=now + expires_in, revoked_at=now - DAY if revoked else None)
    assert review_links.state(link, now) == state
    assert review_links.state(link, now).label == label


# Making and revoking a link.


def test_a_new_link_shows_the_saved_working_copy_frozen_in_a_snapshot(staff):
    article = ArticleFactory(title="Avant")
    published = article.revisions.get()
    article.title = "Après, pas encore relu"
    article.save()  # the working copy changed without a snapshot yet
    link = review_links.create(article, staff)
    assert link.revision != published
    assert link.revision == article.revisions.order_by("-number").first()
    assert link.revision.content["title"] == "Après, pas encore relu"
    saved = Event.objects.get(article=article, action=Event.Action.SAVED)
    assert (saved.user, saved.revision) == (staff, link.revision)


def test_a_new_link_reuses_the_latest_snapshot_when_it_is_the_working_copy(link, article):
    assert link.revision == article.revisions.get()
    assert not Event.objects.filter(action=Event.Action.SAVED).exists()


def test_a_draft_never_snapshotted_gets_its_first_snapshot(staff):
    draft = ArticleFactory(published=False, title="Premier jet")
    link = review_links.create(draft, staff)
    assert Revision.objects.get(article=draft) == link.revision
    assert link.revision.content["title"] == "Premier jet"


def test_a_new_link_lasts_the_configured_days_and_is_written_in_the_journal(article, staff, settings):
    settings.REVIEW_LINK_DAYS = 3
    before = timezone.now()
    link = review_links.create(article, staff)
    link.refresh_from_db()
    assert before <= link.created_at <= timezone.now()
    assert timedelta(0) <= link.expires_at - (link.created_at + 3 * DAY) < timedelta(seconds=1)
    assert (link.created_by, link.revoked_at, link.revoked_by) == (staff, None, None)
    event = Event.objects.get(action=Event.Action.REVIEW_LINK_CREATED)
    assert (event.article, event.revision, event.user, event.at) == (article, link.revision, staff, link.created_at)
    expires = timezone.localtime(link.expires_at)
    assert event.comment == f"Lien n° {link.pk}, valable jusqu’au {expires:%d/%m/%Y %H:%M}"
    assert str(event) == f"Lien de relecture créé — {article}"


def test_revoking_closes_the_link_and_writes_who_and_when_in_the_journal(link, article):
    revoker = StaffFactory()
    other = review_links.create(article, link.created_by)
    before = timezone.now()
    assert review_links.revoke(link, revoker) is True
    assert link.revoked_by == revoker and before <= link.revoked_at <= timezone.now()
    stored = ReviewLink.objects.get(pk=link.pk)
    assert (stored.revoked_at, stored.revoked_by) == (link.revoked_at, revoker)
    assert ReviewLink.objects.get(pk=other.pk).revoked_at is None
    event = Event.objects.get(action=Event.Action.REVIEW_LINK_REVOKED)
    assert (event.article, event.revision, event.user, event.at) == (article, link.revision, revoker, link.revoked_at)
    assert event.comment == f"Lien n° {link.pk}"
    assert str(event) == f"Lien de relecture révoqué — {article}"


def test_revoking_twice_changes_nothing_the_second_time(link):
    first, second = StaffFactory(), StaffFactory()
    review_links.revoke(link, first)
    again = ReviewLink.objects.get(pk=link.pk)
    assert review_links.revoke(again, second) is False
    stored = ReviewLink.objects.get(pk=link.pk)
    assert (stored.revoked_by, stored.revoked_at) == (first, link.revoked_at)
    assert Event.objects.filter(action=Event.Action.REVIEW_LINK_REVOKED).count() == 1
