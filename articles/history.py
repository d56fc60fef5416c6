"""What the history screens show: two revisions of an article, compared."""

from articles.models import Article, Person, Revision, Topic
from articles.snapshot_diff import authors_changed, compare, topics_changed

COMPARED_FIELDS = ("article_id", "number", "created_at", "content")


def _number(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


def comparison_context(article: Article, old: str | None, new: str | None) -> dict:
    numbers = [n for n in (_number(old), _number(new)) if n is not None]
    # The snapshots only: not their rendered HTML nor their content checks, as large and unused here.
    found = {r.number: r for r in article.revisions.filter(number__in=numbers).only(*COMPARED_FIELDS)}
    if len(numbers) != 2 or any(n not in found for n in numbers):
        return {"error": "Choisissez deux versions existantes de cet article à comparer.", "title": "Comparer"}
    before, after = sorted((found[n] for n in numbers), key=lambda r: r.number)
    titles = _titles(before, after)
    return {
        "old": before,
        "new": after,
        "comparison": compare(
            before.content, after.content, titles, _names(before, after), _topic_names(before, after)
        ),
        "title": f"Comparer les versions n° {before.number} et n° {after.number}",
    }


def _titles(*revisions: Revision) -> dict[int, str]:
    ids = {s["read_also"] for r in revisions for s in r.content["sections"] if s["read_also"]}
    return dict(Article.objects.filter(pk__in=ids).values_list("pk", "title"))


def _names(before: Revision, after: Revision) -> dict[int, str]:
    """The authors' names, in one query, and only when the authors changed (the diff shows them then)."""
    if not authors_changed(before.content, after.content):
        return {}
    ids = {pk for r in (before, after) for pk in r.content.get("authors", [])}
    return dict(Person.objects.filter(pk__in=ids).values_list("pk", "name"))


def _topic_names(before: Revision, after: Revision) -> dict[int, str]:
    """The thématiques' names, in one query, and only when they changed."""
    if not topics_changed(before.content, after.content):
        return {}
    ids = {pk for r in (before, after) for pk in r.content.get("topics", [])}
    return dict(Topic.objects.filter(pk__in=ids).values_list("pk", "name"))
