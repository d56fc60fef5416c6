"""The editorial workflow: the only code that moves content from editing to live, and the only
code that makes reader pages stale.

    brouillon ──Soumettre──▶ en relecture ──Approuver et publier──▶ publié
        ▲                        │
        └──(modifications demandées)◀──Demander des modifications

Each transition is one transaction that writes the audit trail (`Event`) and, once committed,
moves on the page-cache versions of exactly what readers see change: the article's own page and
the pages teasing it (tag `article:<id>`), the lists (tag `list`), a person's or a topic's pages
(`person:<id>`, `topic:<id>`), or the whole site; a CDN is told to forget the same pages
(`cdn.purge`). The search index follows in the same transaction (`articles.search_index`), from
published revisions only.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from articles import live, page_cache, revisions, search_index, stale
from articles.models import Article, Event, Person, Revision
from articles.rendering import RENDERER_VERSION
from cdn import headers as cdn_headers
from cdn import purge

# A complete medical review is due again this long after the last one, unless the reviewer says otherwise.
REVIEW_INTERVAL_YEARS = 1
# The furthest a reviewer may set the next review: a date far off would take an article off the
# overdue list for good.
RESCHEDULE_LIMIT_YEARS = 2


class WorkflowError(Exception):
    """A transition refused, with the reason in French for the person who tried it."""


def can_submit(user) -> bool:
    return user.has_perm("articles.submit_article")


def can_review(user) -> bool:
    return user.has_perm("articles.review_article")


def _log(article: Article, action: Event.Action, user, revision: Revision | None = None, comment: str = "") -> None:
    Event.objects.create(
        article=article, revision=revision, action=action, user=user if user and user.pk else None, comment=comment
    )


def _invalidate(*tags: str) -> None:
    """Now, and again once the change is committed: a page made from the old rows in between is
    then not kept under the new version. A CDN forgets the same pages once it is committed."""
    page_cache.bump(tags)
    transaction.on_commit(lambda: page_cache.bump(tags))
    purge.request_purge(cdn_headers.keys(tags))


def invalidate_article(article_id: int) -> None:
    """What readers see of an article changed: its search entries are written again from its live
    and scheduled revisions; its page, the pages whose "À lire aussi" points at it, the lists, and
    the pages of the topics it is or was live in (their "Dans la même thématique" may show it) are
    made stale."""
    search_index.index_article(article_id)
    topics = (page_cache.topic_tag(pk) for pk in _topics_ever_live(article_id))
    _invalidate(page_cache.article_tag(article_id), page_cache.LISTS, *topics)
    _record_live_version(article_id)


def _record_live_version(article_id: int) -> None:
    """Which version of the article is live now and until when, for the copies of pages kept for a
    database outage (articles.stale): one showing another version, or past that end, is not
    served. Now, and again once committed, as the versions are moved on: written before the
    commit, it can only stop copies a rollback would have let through."""
    window = live.live_window(article_id)
    revision_id, ends_at = window or (None, None)
    ends = ends_at.timestamp() if ends_at is not None else None
    stale.record_live_version(article_id, revision_id, ends)
    transaction.on_commit(lambda: stale.record_live_version(article_id, revision_id, ends))


def invalidate_site() -> None:
    """Every page: after a database restore, or a change every page shows. Each article's live
    version is recorded again for the copies kept for a database outage (articles.stale)."""
    _invalidate(page_cache.SITE, page_cache.LISTS)
    record_live_versions()


def record_live_versions() -> None:
    """Record every article's live version and end for the copies kept for a database outage
    (articles.stale): an article without its record is not served from a copy."""
    windows = Revision.objects.live().values_list("article_id", "id", "ends_at")
    stale.record_every_live_version(
        (pk, revision_id, ends_at.timestamp() if ends_at else None) for pk, revision_id, ends_at in windows
    )


def _locked(article: Article) -> Article:
    """The article as it is now in the database, locked until the transaction ends (PostgreSQL),
    refreshed in place so the caller's copy is never stale after a transition."""
    Article.objects.select_for_update().filter(pk=article.pk).values_list("pk").first()
    article.refresh_from_db()
    return article


def last_published(article: Article) -> Revision | None:
    return article.revisions.filter(go_live_at__isnull=False).order_by("-go_live_at", "-number").first()


def editors_since_publication(article: Article) -> set[int]:
    """Who changed the working copy since readers last got a new version: none of them may approve."""
    previous = last_published(article)
    changed = article.revisions.filter(number__gt=previous.number) if previous else article.revisions.all()
    return set(changed.exclude(created_by=None).values_list("created_by", flat=True))


@transaction.atomic
def record_save(article: Article, user) -> Revision | None:
    """After an editor saved the working copy: keep a snapshot if something changed."""
    _locked(article)
    revision = revisions.snapshot(article, user)
    if revision is None:
        return None
    article.version += 1
    article.warning_count = len(revision.checks["warnings"])
    if article.state in (Article.State.PUBLISHED, Article.State.IN_REVIEW, Article.State.ARCHIVED):
        article.state = Article.State.DRAFT  # a submission is withdrawn by any later change
    article.save(update_fields=["version", "warning_count", "state", "updated_at"])
    _log(article, Event.Action.SAVED, user, revision)
    return revision


@transaction.atomic
def submit(article: Article, user, comment: str = "") -> Revision:
    if not can_submit(user):
        raise WorkflowError("Vous n’avez pas le droit de soumettre un article à la relecture.")
    record_save(article, user)
    revision = revisions.latest(article)
    if revision is None:
        raise WorkflowError("Enregistrez l’article avant de le soumettre.")
    revision.state = Revision.State.SUBMITTED
    revision.save(update_fields=["state"])
    article.state, article.submitted_revision = Article.State.IN_REVIEW, revision
    article.save(update_fields=["state", "submitted_revision", "updated_at"])
    _log(article, Event.Action.SUBMITTED, user, revision, comment)
    return revision


def _submitted(article: Article) -> Revision:
    """The snapshot under review, if the working copy is still exactly that snapshot."""
    if article.submitted_revision_id is None:
        raise WorkflowError("Cet article n’est pas en relecture : il doit d’abord être soumis.")
    latest = revisions.latest(article)
    if article.state != Article.State.IN_REVIEW or latest is None or latest.pk != article.submitted_revision_id:
        raise WorkflowError(
            "La version de travail a changé depuis sa soumission : elle doit être soumise de nouveau à la relecture."
        )
    return latest


@transaction.atomic
def request_changes(article: Article, user, comment: str) -> None:
    if not can_review(user):
        raise WorkflowError("Seul un relecteur médical peut demander des modifications.")
    if not comment.strip():
        raise WorkflowError("Dites au rédacteur ce qu’il faut modifier (commentaire obligatoire).")
    revision = _submitted(_locked(article))
    revision.state = Revision.State.SENT_BACK
    revision.save(update_fields=["state"])
    article.state, article.submitted_revision = Article.State.CHANGES_REQUESTED, None
    article.save(update_fields=["state", "submitted_revision", "updated_at"])
    _log(article, Event.Action.CHANGES_REQUESTED, user, revision, comment)


@dataclass(frozen=True)
class Approval:
    scope: str  # Revision.Scope.COMPLETE or MINOR
    change_note: str = ""
    substantive: bool = False
    go_live_at: datetime | None = None  # None: now
    next_review_on: date | None = None  # complete review only; None: REVIEW_INTERVAL_YEARS later


@transaction.atomic
def approve_and_publish(article: Article, user, approval: Approval) -> Revision:
    """Publish exactly the submitted snapshot, approved by someone who did not edit it."""
    if not can_review(user):
        raise WorkflowError("Seul un relecteur médical peut approuver et publier un article.")
    _locked(article)
    revision = _submitted(article)
    if user.pk in editors_since_publication(article):
        raise WorkflowError(
            "Vous avez modifié cet article depuis sa dernière publication : "
            "un autre relecteur médical doit l’approuver (règle des quatre yeux)."
        )
    if approval.scope not in (Revision.Scope.COMPLETE, Revision.Scope.MINOR):
        raise WorkflowError("Précisez s’il s’agit d’une relecture médicale complète ou d’une correction mineure.")
    now = timezone.now()
    at = approval.go_live_at or now
    if at < now:
        raise WorkflowError("La date de publication programmée est passée.")
    reviewer = None
    if approval.scope == Revision.Scope.COMPLETE:
        reviewer = reviewer_for(user)
        _check_next_review(approval.next_review_on, timezone.localdate(now))
    _publish(article, revision, at, now)
    revision.approved_by, revision.approved_at = user, now
    revision.review_scope, revision.change_note = approval.scope, approval.change_note.strip()
    revision.substantive = approval.substantive
    _dates(article, revision, at)
    _review(article, revision, at)
    if reviewer is not None:
        reviewed_on = timezone.localdate(now)
        revision.reviewer, revision.reviewed_on = reviewer, reviewed_on
        revision.next_review_on = approval.next_review_on or next_review_after(reviewed_on)
    revision.people = people_cards(revision)
    revision.topics = topic_cards(revision)
    revision.save()
    article.state, article.submitted_revision = Article.State.PUBLISHED, None
    article.save(update_fields=["state", "submitted_revision", "updated_at"])
    action = Event.Action.SCHEDULED if at > now else Event.Action.PUBLISHED
    _log(article, action, user, revision, approval.change_note)
    invalidate_article(article.pk)
    return revision


def address_holder(article: Article, slug: str, at: datetime) -> Revision | None:
    """Another article's version that is live at `at` or after it (now, or scheduled) under `slug`.

    Working copies have addresses of their own (`Article.slug` is unique), but a live address is a
    version's: an article whose working copy was renamed is still live at its old address until
    that copy is published, and another article could take the address meanwhile.
    """
    return (
        Revision.objects.filter(slug=slug, go_live_at__isnull=False)
        .filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))
        .exclude(article_id=article.pk)  # a new article (no pk yet) excludes nothing
        .only("title", "go_live_at")
        .first()
    )


def _check_address_free(article: Article, slug: str, at: datetime) -> None:
    holder = address_holder(article, slug, at)
    if holder is not None:
        raise WorkflowError(
            f"L’adresse « {slug} » est celle de l’article publié « {holder.title} » : deux articles "
            "ne peuvent pas être en ligne à la même adresse. Changez l’adresse de celui-ci avant de le publier."
        )


def _publish(article: Article, revision: Revision, at: datetime, now: datetime) -> None:
    """Give `revision` the window from `at`: the one live until then ends there, a pending
    scheduled one is dropped, and the article's planned end of publication applies."""
    _check_address_free(article, revision.slug, at)
    _drop_scheduled(article, now)
    others = article.revisions.exclude(pk=revision.pk)
    others.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), go_live_at__isnull=False).update(ends_at=at)
    revision.go_live_at = at
    revision.ends_at = article.unpublish_at if article.unpublish_at and article.unpublish_at > at else None
    revision.state = Revision.State.PUBLISHED


def _drop_scheduled(article: Article, now: datetime) -> None:
    """A publication still to come is cancelled: its revision goes back to a saved one."""
    article.revisions.filter(go_live_at__gt=now).update(go_live_at=None, ends_at=None, state=Revision.State.SAVED)


def _dates(article: Article, revision: Revision, at: datetime) -> None:
    """The dates readers see, fixed now so the page needs no other query: first publication,
    "Mis à jour le" (the last substantive publication) and the list of substantive updates."""
    previous = article.revisions.filter(go_live_at__isnull=False, go_live_at__lt=at).exclude(pk=revision.pk)
    previous = previous.order_by("-go_live_at").first()
    if previous is None:
        revision.first_published_at, revision.updated_at, revision.updates = at, at, []
        return
    revision.first_published_at = previous.first_published_at or previous.go_live_at
    revision.updated_at = at if revision.substantive else previous.updated_at
    revision.updates = list(previous.updates)
    if revision.substantive:
        revision.updates.append({"date": at.isoformat(), "note": revision.change_note})


def reviewer_for(user) -> Person:
    """The person a reviewer's account stands for: readers see that name on the article."""
    person = Person.objects.filter(user=user).first() if user is not None and user.pk else None
    if person is None:
        raise WorkflowError(
            "Une relecture médicale complète est signée : votre compte n’est relié à aucune fiche de "
            "la liste « Personnes ». Demandez à un administrateur de créer votre fiche (nom, profession, "
            "titres) et de la relier à votre compte, ou publiez comme correction mineure."
        )
    return person


def next_review_after(reviewed_on: date) -> date:
    """REVIEW_INTERVAL_YEARS after a review."""
    return _years_after(reviewed_on, REVIEW_INTERVAL_YEARS)


def _years_after(day: date, years: int) -> date:
    """The same day `years` later (a 29 February gives the 28th)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _check_next_review(next_review_on: date | None, today: date) -> None:
    if next_review_on is None:
        return
    if next_review_on <= today:
        raise WorkflowError("La prochaine relecture doit être prévue après aujourd’hui.")
    if next_review_on > _years_after(today, RESCHEDULE_LIMIT_YEARS):
        raise WorkflowError(f"La prochaine relecture ne peut pas être prévue à plus de {RESCHEDULE_LIMIT_YEARS} ans.")


def _review(article: Article, revision: Revision, at: datetime) -> None:
    """The last complete medical review, carried over from the version live before this one
    (a minor correction does not change it)."""
    previous = article.revisions.filter(go_live_at__isnull=False, go_live_at__lt=at).exclude(pk=revision.pk)
    previous = previous.order_by("-go_live_at").first()
    if previous is not None:
        revision.reviewer_id, revision.reviewed_on = previous.reviewer_id, previous.reviewed_on
        revision.next_review_on = previous.next_review_on


def people_cards(revision: Revision) -> dict:
    return revisions.people_cards(revision.content.get("authors", []), revision.reviewer_id)


def _current_and_coming(article: Article | None = None):
    """The versions readers see now or will see: those whose cards and review dates must be right."""
    now = timezone.now()
    rows = Revision.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), go_live_at__isnull=False)
    return rows.filter(article=article) if article is not None else rows


@transaction.atomic
def record_review(
    article: Article, user, reviewer: Person, reviewed_on: date, next_review_on: date | None = None, comment: str = ""
) -> Revision:
    """A complete medical review done outside the site (by mail, in a meeting), recorded by a
    superuser on the live version: readers see its reviewer and date, as after an approval here.

    It must be a review of the text readers have, and newer than the review they are told of: a
    version scheduled to go live later keeps its own review if that one is newer."""
    if not user.is_superuser:
        raise WorkflowError("Seul un administrateur peut enregistrer une relecture faite en dehors du site.")
    _locked(article)
    today = timezone.localdate()
    if reviewed_on > today:
        raise WorkflowError("La date de la relecture ne peut pas être dans le futur.")
    _check_next_review(next_review_on, today)
    current = Revision.objects.live().filter(article=article).first()
    if current is None:
        raise WorkflowError("Cet article n’est pas en ligne : la relecture s’enregistre à sa publication.")
    if reviewed_on < timezone.localdate(current.created_at):
        raise WorkflowError(
            "Cette relecture est antérieure au texte en ligne (enregistré le "
            f"{timezone.localtime(current.created_at):%d/%m/%Y}) : elle ne l’a pas relu."
        )
    if current.reviewed_on is not None and reviewed_on < current.reviewed_on:
        raise WorkflowError(
            f"Une relecture plus récente est déjà enregistrée (le {current.reviewed_on:%d/%m/%Y}) : "
            "les lecteurs voient la dernière relecture complète."
        )
    rows = _current_and_coming(article).filter(Q(reviewed_on__isnull=True) | Q(reviewed_on__lte=reviewed_on))
    for revision in rows:
        revision.reviewer, revision.reviewed_on = reviewer, reviewed_on
        revision.next_review_on = next_review_on or next_review_after(reviewed_on)
        revision.people = people_cards(revision)
        revision.save(update_fields=["reviewer", "reviewed_on", "next_review_on", "people"])
    current.refresh_from_db()
    when = f"{reviewed_on:%d/%m/%Y}"
    _log(article, Event.Action.REVIEW_RECORDED, user, current, f"{reviewer.name}, le {when}. {comment}".strip())
    invalidate_article(article.pk)
    return current


@transaction.atomic
def reschedule_review(article: Article, user, next_review_on: date, comment: str = "") -> None:
    """Move the next medical review of the live version (sooner after a new recommendation, later
    for a stable subject, at most RESCHEDULE_LIMIT_YEARS ahead). An article never reviewed has no
    date to move: it is overdue until a complete review."""
    if not can_review(user):
        raise WorkflowError("Seul un relecteur médical peut changer la date de la prochaine relecture.")
    _locked(article)
    today = timezone.localdate()
    _check_next_review(next_review_on, today)
    rows = _current_and_coming(article)
    if not rows.exists():
        raise WorkflowError("Cet article n’est pas en ligne : la date se choisit à sa publication.")
    if rows.filter(reviewer__isnull=True).exists():
        raise WorkflowError(
            "Cet article n’a jamais été relu : sa relecture est due maintenant, elle ne se reprogramme pas."
        )
    rows.update(next_review_on=next_review_on)
    _log(article, Event.Action.REVIEW_RESCHEDULED, user, comment=f"{next_review_on:%d/%m/%Y} {comment}".strip())
    invalidate_article(article.pk)


@transaction.atomic
def unpublish(article: Article, user, at: datetime | None = None, comment: str = "") -> None:
    """Take the article down now (readers get a 404, the working copy stays), or at `at`."""
    _locked(article)
    now = timezone.now()
    at = at or now
    if at < now:
        raise WorkflowError("La date de dépublication est passée.")
    windows = article.revisions.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at), go_live_at__isnull=False)
    if at == now:
        _drop_scheduled(article, now)
        windows.update(ends_at=now)
        article.unpublish_at = None
        if article.state == Article.State.PUBLISHED:
            article.state = Article.State.DRAFT
        _log(article, Event.Action.UNPUBLISHED, user, comment=comment)
    else:
        windows.filter(go_live_at__lt=at).update(ends_at=at)
        article.unpublish_at = at
        _log(article, Event.Action.UNPUBLISH_SCHEDULED, user, comment=f"{at:%d/%m/%Y %H:%M} {comment}".strip())
    article.save(update_fields=["state", "unpublish_at", "updated_at"])
    invalidate_article(article.pk)


@transaction.atomic
def archive(article: Article, user) -> None:
    """What deleting an article does: it goes down, keeps its revisions, opinions and journal."""
    unpublish(article, user)
    article.state = Article.State.ARCHIVED
    article.save(update_fields=["state", "updated_at"])
    _log(article, Event.Action.ARCHIVED, user)


@transaction.atomic
def restore(article: Article, revision: Revision, user) -> Revision | None:
    """Copy an earlier revision into the working copy; it goes live only once approved."""
    revisions.write_working_copy(article, revision.content)
    saved = record_save(article, user)
    _log(article, Event.Action.RESTORED, user, saved, f"Version n° {revision.number}")
    return saved


@transaction.atomic
def rerender(force: bool = False) -> int:
    """Remake the HTML of every revision made by an older renderer, from its Markdown."""
    stale = Revision.objects.all() if force else Revision.objects.filter(renderer__lt=RENDERER_VERSION)
    count = 0
    for revision in stale.iterator():
        revision.rendered, revision.renderer = revisions.render(revision.content), RENDERER_VERSION
        revision.save(update_fields=["rendered", "renderer"])
        count += 1
    if count:
        search_index.rebuild()  # the indexed text is the rendered HTML's
        invalidate_site()
    return count


@transaction.atomic
def apply_due_switches(now: datetime | None = None) -> list[str]:
    """Record the scheduled publications and ends whose time has come.

    Readers get them at their minute anyway (the live window is checked on every request); this
    writes them to the journal, brings the articles' state up to date and makes their pages
    stale once more, for sites that prefer a cron job (`manage.py publish_scheduled`).
    """
    now = now or timezone.now()
    done = []
    recorded = Event.objects.filter(action=Event.Action.PUBLISHED).values("revision")
    due = Revision.objects.filter(go_live_at__lte=now, events__action=Event.Action.SCHEDULED).exclude(pk__in=recorded)
    for revision in due.select_related("article").distinct():
        _log(revision.article, Event.Action.PUBLISHED, None, revision, "Publication programmée effectuée")
        invalidate_article(revision.article_id)
        done.append(f"« {revision.title} » : version n° {revision.number} en ligne")
    for article in Article.objects.filter(unpublish_at__lte=now):
        article.unpublish_at = None
        if article.state == Article.State.PUBLISHED:
            article.state = Article.State.DRAFT
        article.save(update_fields=["unpublish_at", "state", "updated_at"])
        _log(article, Event.Action.UNPUBLISHED, None, comment="Dépublication programmée effectuée")
        invalidate_article(article.pk)
        done.append(f"« {article.title} » : dépublié")
    return done


def naming(person: Person) -> list[Revision]:
    """The versions readers see now or later that name `person`, as author or medical reviewer.
    Only the authors' key of each version's content is read, as `topic_changed` reads its topics."""
    rows = _current_and_coming().values_list("pk", "reviewer_id", "content__authors")
    named = [pk for pk, reviewer_id, authors in rows if reviewer_id == person.pk or person.pk in (authors or ())]
    if not named:
        return []
    return list(Revision.objects.filter(pk__in=named).only("id", "article_id", "content", "reviewer_id", "people"))


@transaction.atomic
def person_changed(person: Person) -> None:
    """After a person's record changed: the versions readers see now or later show the new name,
    profession and titles, and every page that names this person is made stale (scope: a person)."""
    for revision in naming(person):
        revision.people = people_cards(revision)
        revision.save(update_fields=["people"])
    _invalidate(page_cache.person_tag(person.pk))


def topic_cards(revision: Revision) -> list[dict]:
    return revisions.topic_cards(revision.content.get("topics", []))


def _topics_ever_live(article_id: int) -> set[int]:
    """The topics of every version of the article that was, is or will be live (one query): a
    version that leaves a topic must leave that topic's pages too."""
    rows = Revision.objects.filter(article_id=article_id, go_live_at__isnull=False).values_list("content__topics")
    return {pk for (topic_ids,) in rows for pk in topic_ids or ()}


@transaction.atomic
def topic_changed(topic_id: int) -> None:
    """After a topic was saved or deleted (after the deletion: its id then names nothing): the
    versions readers see now or later show its new name or no longer show it, and the pages that
    show it, the lists and the thématiques, are made stale (scope: a topic and the lists)."""
    for pk, topic_ids in _current_and_coming().values_list("pk", "content__topics"):
        if topic_id in (topic_ids or ()):
            Revision.objects.filter(pk=pk).update(topics=revisions.topic_cards(topic_ids))
    _invalidate(page_cache.topic_tag(topic_id), page_cache.LISTS)
