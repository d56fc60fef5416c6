"""The search index, written from published revisions only: `articles.publishing` calls
`index_article` whenever what readers see of an article changes, and `rebuild` after a re-render.

An article's entries are those of its revisions that are live or scheduled to be, each with its
revision's live window; the search keeps, at each request, the entries live at that instant
(`SearchEntry.objects.live()`, the same rule as `Revision.objects.live()`). So a draft is never
found, a revision taken down is not found from the instant its window ends, and a scheduled one
is found from its minute on, with no job to run at that minute. Publishing moves a window only
with `invalidate_article`, which writes the article's entries again: the copies never lag.

PostgreSQL: `SearchEntry.vector`, the weighted words in the `fr_unaccent` configuration (title A,
headings B, text C), and `title_headings_vector`, the same without the text. SQLite: the FTS5
table `articles_search_fts`, whose columns hold the stems made by `articles.search_text`; a
trigger deletes its row with the entry.
"""

from collections.abc import Iterable

from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Q
from django.utils import timezone

from articles import search_text
from articles.models import Revision, SearchEntry

CONFIG = "fr_unaccent"
FTS_TABLE = "articles_search_fts"
BATCH = 500


def index_article(article_id: int) -> None:
    """Write again the entries of one article: its live and scheduled revisions, nothing else."""
    SearchEntry.objects.filter(article_id=article_id).delete()
    write(_published_now_or_later(Revision.objects.filter(article_id=article_id)))


def rebuild() -> int:
    """Every entry written again from the published revisions (after a re-render, or by
    `manage.py rebuild_search_index`). Returns how many revisions are indexed."""
    SearchEntry.objects.all().delete()
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 - a constant
    return write(_published_now_or_later(Revision.objects.all()))


def _published_now_or_later(revisions):
    now = timezone.now()
    return revisions.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), go_live_at__isnull=False)


def write(revisions: Iterable) -> int:
    """Add the entries of `revisions`."""
    count = 0
    batch = []
    fields = ("id", "article_id", "title", "rendered", "go_live_at", "ends_at")
    for revision in revisions.only(*fields).iterator(chunk_size=BATCH):
        batch.append(entry(revision))
        if len(batch) == BATCH:
            count += _write_batch(batch)
            batch = []
    return count + (_write_batch(batch) if batch else 0)


def entry(revision: Revision) -> SearchEntry:
    """What readers read in a revision: title, headings, then introduction, sections and conclusion."""
    rendered = revision.rendered
    sections = rendered.get("sections", [])
    body = [rendered.get("introduction", ""), *(body for _, _, body, _ in sections), rendered.get("conclusion", "")]
    return SearchEntry(
        revision_id=revision.pk,
        article_id=revision.article_id,
        title=revision.title,
        headings="\n".join(heading for heading, *_ in sections),
        body=search_text.text_of(" ".join(body)),
        go_live_at=revision.go_live_at,
        ends_at=revision.ends_at,
    )


def _write_batch(entries: list[SearchEntry]) -> int:
    SearchEntry.objects.bulk_create(entries)
    ids = [e.pk for e in entries]
    if connection.vendor == "postgresql":
        title_headings = SearchVector("title", weight="A", config=CONFIG) + SearchVector(
            "headings", weight="B", config=CONFIG
        )
        SearchEntry.objects.filter(pk__in=ids).update(
            vector=title_headings + SearchVector("body", weight="C", config=CONFIG),
            title_headings_vector=title_headings,
        )
    elif connection.vendor == "sqlite":
        rows = [
            (
                e.pk,
                search_text.indexed_words(e.title),
                search_text.indexed_words(e.headings),
                search_text.indexed_words(e.body),
            )
            for e in entries
        ]
        with connection.cursor() as cursor:
            # A row left by a database emptied without the trigger (never by the site) is replaced.
            cursor.executemany(f"DELETE FROM {FTS_TABLE} WHERE rowid = %s", [(row[0],) for row in rows])  # noqa: S608
            cursor.executemany(
                f"INSERT INTO {FTS_TABLE} (rowid, title, headings, body) VALUES (%s, %s, %s, %s)",  # noqa: S608
                rows,
            )
    return len(entries)
