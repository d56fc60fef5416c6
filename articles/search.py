"""The search readers make at /recherche/: the live articles whose words match the query, best
first, each with an extract whose matches are marked.

Best first means three groups, in this order: the articles whose title holds every word, then
those whose title and headings hold them all, then the others (some word only in the text); in
each group, the newest version first (the one written last: the highest key). Both databases
tell the groups apart from their indexes and small columns alone, so a page costs about the
same whether a word is in one article or in ten thousand: no match is scored (ranking every
match with `ts_rank` or bm25 cost about 8 µs a match, 80 ms for a word of 10,000 articles), and
both give the same order.

Read from the index `articles.search_index` writes, keeping only the entries live now
(`SearchEntry.objects.live()`: each entry holds its revision's window, so no revision is read).
PostgreSQL matches on `vector` (GIN index) and tells the groups from `title_headings_vector`;
SQLite counts each group in its FTS5 table with column filters and reads a page group by group in
the order of its keys. The extracts are cut here on both, from the same text.

Pages of results are not kept in the page cache: every query would be a key of its own, and
anybody could fill the cache with them. They are cheap to make instead: one query counts the
matches, one reads the page's ten, one their extracts.
"""

from dataclasses import dataclass
from itertools import pairwise

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.db.models import Case, Q, Value, When
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString

from articles import live, search_text
from articles.models import SearchEntry
from articles.search_index import CONFIG, FTS_TABLE

RESULTS_PER_PAGE = 10
SUGGESTIONS = 5


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
        # Where each group ends in the whole list (SQLite: one number a group; PostgreSQL orders
        # the groups itself and gives only the total).
        self.ends: tuple[int, ...] | None = None

    def count(self) -> int:
        if self.ends is None:
            self.ends = _backend().count(self) if self.words else (0,)
        return self.ends[-1]

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, page: slice) -> list[Result]:
        if not self.words or page.start >= self.count():
            return []
        return _results(self, _backend().page(self, page.start, page.stop - page.start))


class _PostgreSQL:
    # The weights of `title_headings_vector` that hold every word in each group but the last:
    # the title (A), then the title and the headings (B).
    GROUPS = ("A", "AB")

    @staticmethod
    def _tsquery(matches: Matches, weights: str = "") -> SearchQuery:
        # Each word is letters and digits only (search_text.WORD): no operator of the tsquery syntax.
        words = " & ".join(f"{word}:*{weights}" for word in matches.words)
        return SearchQuery(words, search_type="raw", config=CONFIG)

    @classmethod
    def _found(cls, matches: Matches, tsquery: SearchQuery):
        return SearchEntry.objects.live(matches.now).filter(vector=tsquery)

    @classmethod
    def count(cls, matches: Matches) -> tuple[int]:
        return (cls._found(matches, cls._tsquery(matches)).count(),)

    @classmethod
    def page(cls, matches: Matches, offset: int, limit: int) -> list[int]:
        group = Case(
            *(
                When(Q(title_headings_vector=cls._tsquery(matches, weights)), then=Value(number))
                for number, weights in enumerate(cls.GROUPS)
            ),
            default=Value(len(cls.GROUPS)),
        )
        ranked = cls._found(matches, cls._tsquery(matches)).annotate(group=group).order_by("group", "-pk")
        return list(ranked.values_list("pk", flat=True)[offset : offset + limit])


class _SQLite:
    # The columns of the FTS5 table that hold every word in each group but the last.
    GROUPS = ("title", "title headings")

    @staticmethod
    def _within(matches: Matches) -> list[str]:
        """For each group, the full-text query of its entries and those of the groups before it:
        every word in the group's columns."""
        # Each stem quoted, as a prefix: nothing of the FTS5 query syntax comes from the reader.
        words = " ".join(f'"{stem}"*' for stem in search_text.stems(matches.words))
        return [f"{{{columns}}} : ({words})" for columns in _SQLite.GROUPS] + [f"({words})"]

    @classmethod
    def _groups(cls, matches: Matches) -> list[str]:
        """The full-text query of each group alone: in its columns, not in the previous group's."""
        within = cls._within(matches)
        return [within[0]] + [f"({query}) NOT ({previous})" for previous, query in pairwise(within)]

    @staticmethod
    def _live(matches: Matches) -> tuple[str, list]:
        # The entries not live now are few and listed from two indexes (SearchEntry.Meta.indexes):
        # ruling them out costs nothing per match, where listing the live ones cost a lookup each.
        hidden_sql, hidden_params = SearchEntry.objects.hidden(matches.now).values("pk").query.sql_with_params()
        return f"rowid NOT IN ({hidden_sql})", list(hidden_params)

    @classmethod
    def count(cls, matches: Matches) -> tuple[int, ...]:
        # Counted with the groups before (no NOT to work out): where each group ends.
        live, live_params = cls._live(matches)
        counts, params = [], []
        for query in cls._within(matches):
            counts.append(f"(SELECT count(*) FROM {FTS_TABLE} WHERE {FTS_TABLE} MATCH %s AND {live})")  # noqa: S608
            params += [query, *live_params]
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT {', '.join(counts)}", params)
            return tuple(cursor.fetchone())

    @classmethod
    def page(cls, matches: Matches, offset: int, limit: int) -> list[int]:
        """The page's entries, read in each group it covers in the order of the keys (FTS5 walks
        them in that order and stops at the limit)."""
        live, live_params = cls._live(matches)
        parts, params = [], []
        start = 0
        for number, (query, end) in enumerate(zip(cls._groups(matches), matches.ends, strict=True)):
            low, high = max(offset, start), min(offset + limit, end)
            if low < high:
                parts.append(
                    f"SELECT * FROM (SELECT {number} AS grp, rowid AS id FROM {FTS_TABLE} "  # noqa: S608 - constants
                    f"WHERE {FTS_TABLE} MATCH %s AND {live} ORDER BY rowid DESC LIMIT %s OFFSET %s)"
                )
                params += [query, *live_params, high - low, low - start]
            start = end
        if not parts:
            return []
        with connection.cursor() as cursor:
            cursor.execute(" UNION ALL ".join(parts) + " ORDER BY grp, id DESC", params)
            return [row[1] for row in cursor.fetchall()]


def _results(matches: Matches, ids: list[int]) -> list[Result]:
    """The page's titles, addresses and extracts, in the order of `ids`, in one query. The
    extract is cut around the first match of the text read here (search_text.extract), however
    long the text: the same on both databases, where ts_headline read every text whole (4 ms for
    a text of 4,000 characters, 25 ms for one of 30,000)."""
    rows = SearchEntry.objects.filter(pk__in=ids).values_list("pk", "revision__title", "revision__slug", "body")
    found = {pk: row for pk, *row in rows}
    stems = search_text.stems(matches.words)
    # An entry written again since the page was read (a publication in between) is left out.
    return [Result(found[pk][0], found[pk][1], search_text.extract(found[pk][2], stems)) for pk in ids if pk in found]


class _Unsupported:
    """Another database: the site runs, its search finds nothing."""

    @staticmethod
    def count(matches: Matches) -> tuple[int]:
        return (0,)

    @staticmethod
    def page(matches: Matches, offset: int, limit: int) -> list[int]:
        return []


def _backend():
    return {"postgresql": _PostgreSQL, "sqlite": _SQLite}.get(connection.vendor, _Unsupported)


def suggestions() -> tuple[live.LiveArticle, ...]:
    """What a search that found nothing offers instead: the latest updated articles, from the
    per-process map (no query); the view offers the thématiques beside them."""
    return live.live_map().articles[:SUGGESTIONS]
