"""Two editors on one article: what the second is told when someone saved it since their form opened.

The change form carries the working copy's `version` and the number of the latest snapshot
when it was opened. A save from a form whose version is no longer the article's is refused
(`ArticleForm.clean`); `since` then says who saved it, when, and what they changed: the snapshot
diff between the snapshot the form was opened on and the latest one.
"""

from dataclasses import dataclass, replace
from datetime import datetime

from articles.history import comparison_context
from articles.models import Article
from articles.snapshot_diff import Comparison, Kind

# The saves named one by one; a longer run is summed up by the diff.
MOST_SAVES = 10


@dataclass(frozen=True)
class Save:
    user_id: int | None
    name: str
    at: datetime


@dataclass(frozen=True)
class Conflict:
    """The saves made since the form was opened, oldest first, and what they changed (None when
    the form did not say which snapshot it was opened on)."""

    saves: tuple[Save, ...]
    comparison: Comparison | None
    opened: int | None  # snapshot numbers, for the link to the comparison screen
    latest: int | None


def since(article: Article, opened_revision: int | None) -> Conflict:
    """What was saved after snapshot n° `opened_revision`; the latest save alone if that is unknown."""
    # Who and when only: a snapshot's content is read by the comparison, for two of them.
    revisions = article.revisions.select_related("created_by").only("number", "created_at", "created_by")
    rows = list(revisions.filter(number__gt=opened_revision)[:MOST_SAVES]) if opened_revision is not None else []
    if not rows:  # a form from before this field, or a number that was tampered with
        rows, opened_revision = list(revisions[:1]), None
    saves = tuple(_save(revision) for revision in reversed(rows))
    comparison = None
    if opened_revision is not None and rows:
        context = comparison_context(article, str(opened_revision), str(rows[0].number if rows else None))
        comparison = _changes_only(context["comparison"]) if "comparison" in context else None
    return Conflict(saves, comparison, opened_revision if comparison else None, rows[0].number if rows else None)


def _save(revision) -> Save:
    user = revision.created_by
    name = (user.get_full_name() or user.get_username()) if user else "Quelqu’un"
    return Save(revision.created_by_id, name, revision.created_at)


def _changes_only(comparison: Comparison) -> Comparison:
    """Shown above a long form: the sections and sources nobody touched would hide the few that changed."""
    return replace(
        comparison,
        sections=tuple(s for s in comparison.sections if s.kind != Kind.UNCHANGED),
        sources=tuple(s for s in comparison.sources if s.kind != Kind.UNCHANGED),
    )
