"""The search readers make at /recherche/: the live articles whose words match the query, best
first (title, then headings, then text), each with an extract whose matches are marked.

Read from the index `articles.search_index` writes, keeping only the entries live now
(`SearchEntry.objects.live()`: each entry holds its revision's window, so no revision is read). PostgreSQL ranks with `ts_rank` on the weighted vector and
cuts extracts with `ts_headline`; SQLite ranks with FTS5's bm25 (title 10, headings 5, text 1) and
the extracts are cut here, with the same marks, from the same text.

Pages of results are not kept in the page cache: every query would be a key of its own, and
anybody could fill the cache with them. They are cheap to make instead: one query counts the
matches, one reads the page's ten, one their extracts.
"""

from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank
from django.db import connection
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from articles import live, search_text
from articles.models import SearchEntry
from articles.search_index import CONFIG, FTS_TABLE

RESULTS_PER_PAGE = 10
SUGGESTIONS = 5
# bm25's weight for each column of the FTS5 table, in its order: title, headings, text.
SQLITE_WEIGHTS = "10.0, 5.0, 1.0"


@dataclass(frozen=True, slots=True)
class Query:
    text: str  # as typed, trimmed and cut: what the page shows back, in the field and the headings
    words: tuple[str, ...]  # what is searched (see search_text.query_words)

    @property
    def is_blank(self) -> bool:
        """Nothing to look for: empty, or only punctuation."""
        return search_text.WORD.search(self.text) is None


def parse(raw: str) -> Query:
    kept = "".join(c for c in raw[: search_text.MAX_QUERY_CHARS] if c.isprintable() or c.isspace())
    text = " ".join(kept.split())
    return Query(text, tuple(search_text.query_words(text)))


@dataclass(frozen=True, slots=True)
class Result:
    title: str
    slug: str
    extract: SafeString

    def get_absolute_url(self) -> str:
        return reverse("articles:detail", kwargs={"slug": self.slug})


class Matches:
    """The live articles a query finds, best first, as Django's Paginator reads them: `count()`,
    then the slice of one page (only that page's rows and extracts are read)."""

    def __init__(self, query: Query) -> None:
        self.words = list(query.words)
        self.now = timezone.now()  # one instant for the count and the page
        self._count: int | None = None

    def count(self) -> int:
        if self._count is None:
            self._count = _backend().count(self) if self.words else 0
        return self._count

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Result]:
        if not self.words or page.start >= self.count():
            return []
        return _backend().results(self, page.start, page.stop - page.start)


class _PostgreSQL:
    @staticmethod
    def _tsquery(matches: Matches) -> SearchQuery:
        # Each word is letters and digits only (search_text.WORD): no operator of the tsquery syntax.
        return SearchQuery(" & ".join(f"{word}:*" for word in matches.words), search_type="raw", config=CONFIG)

    @classmethod
    def _found(cls, matches: Matches, tsquery: SearchQuery):
        return SearchEntry.objects.live(matches.now).filter(vector=tsquery)

    @classmethod
    def count(cls, matches: Matches) -> int:
        return cls._found(matches, cls._tsquery(matches)).count()

    @classmethod
    def results(cls, matches: Matches, offset: int, limit: int) -> list[Result]:
        tsquery = cls._tsquery(matches)
        ranked = cls._found(matches, tsquery).annotate(rank=SearchRank(F("vector"), tsquery))
        ids = list(ranked.order_by("-rank", "-pk").values_list("pk", flat=True)[offset : offset + limit])
        extract = SearchHeadline(
            "body",
            tsquery,
            config=CONFIG,
            start_sel=search_text.MARK_START,
            stop_sel=search_text.MARK_END,
            max_words=search_text.EXTRACT_WORDS,
            min_words=search_text.EXTRACT_WORDS // 2,
        )
        rows = SearchEntry.objects.filter(pk__in=ids).annotate(extract=extract)
        found = {pk: row for pk, *row in rows.values_list("pk", "revision__title", "revision__slug", "extract")}
        # An entry written again since the ranking (a publication in between) is left out.
        return [Result(title, slug, search_text.marked(text)) for title, slug, text in _rows(found, ids)]


class _SQLite:
    @staticmethod
    def _match(matches: Matches) -> str:
        # Each stem quoted, as a prefix: nothing of the FTS5 query syntax comes from the reader.
        return " ".join(f'"{stem}"*' for stem in search_text.stems(matches.words))

    @staticmethod
    def _where(matches: Matches) -> tuple[str, list]:
        # The entries not live now are few and listed from two indexes (SearchEntry.Meta.indexes):
        # ruling them out costs nothing per match, where listing the live ones cost a lookup each.
        hidden_sql, hidden_params = SearchEntry.objects.hidden(matches.now).values("pk").query.sql_with_params()
        return f"{FTS_TABLE} MATCH %s AND rowid NOT IN ({hidden_sql})", [_SQLite._match(matches), *hidden_params]

    @classmethod
    def count(cls, matches: Matches) -> int:
        where, params = cls._where(matches)
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT count(*) FROM {FTS_TABLE} WHERE {where}", params)  # noqa: S608 - constants
            return cursor.fetchone()[0]

    @classmethod
    def results(cls, matches: Matches, offset: int, limit: int) -> list[Result]:
        where, params = cls._where(matches)
        ranked = (
            f"SELECT rowid FROM {FTS_TABLE} WHERE {where} "  # noqa: S608 - constants
            f"ORDER BY bm25({FTS_TABLE}, {SQLITE_WEIGHTS}), rowid DESC LIMIT %s OFFSET %s"
        )
        with connection.cursor() as cursor:
            cursor.execute(ranked, [*params, limit, offset])
            ids = [row[0] for row in cursor.fetchall()]
        rows = SearchEntry.objects.filter(pk__in=ids).values_list("pk", "revision__title", "revision__slug", "body")
        found = {pk: row for pk, *row in rows}
        stems = search_text.stems(matches.words)
        return [Result(title, slug, search_text.extract(body, stems)) for title, slug, body in _rows(found, ids)]


def _rows(found: dict, ids: list[int]) -> list:
    return [found[pk] for pk in ids if pk in found]


class _Unsupported:
    """Another database: the site runs, its search finds nothing."""

    @staticmethod
    def count(matches: Matches) -> int:
        return 0

    @staticmethod
    def results(matches: Matches, offset: int, limit: int) -> list[Result]:
        return []


def _backend():
    return {"postgresql": _PostgreSQL, "sqlite": _SQLite}.get(connection.vendor, _Unsupported)


def suggestions() -> tuple[live.LiveArticle, ...]:
    """What a search that found nothing offers instead: the latest updated articles, from the
    per-process map (no query); the view offers the thématiques beside them."""
    return live.live_map().articles[:SUGGESTIONS]
