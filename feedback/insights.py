"""What readers think of each article, read from the daily counts (feedback.ratings), and the
rules that turn counts into a ranking and a verdict on an edit.

Pure rules first (a tally, the ranking score, the comparison of two versions), testable with
known numbers; then the few queries the dashboard makes, none of which reads the opinions
themselves but for the comments to triage.
"""

import math
import time
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.core.cache import cache
from django.db.models import Q, Sum
from django.utils import timezone

from articles.models import Article, Revision
from feedback.models import DailyRating, Feedback

# The windows of the dashboard, in days counted back from today included (None: all time).
WINDOWS = ((7, "7 derniers jours"), (30, "30 derniers jours"), (90, "90 derniers jours"), (None, "Depuis le début"))
# The ranking's prior: every article is ranked as if it had this many more opinions, all at the
# site's mean. Three glowing or furious opinions then move an article a little, a hundred a lot.
PRIOR_WEIGHT = 20
# The comparison of two versions: each needs this many opinions, and the difference of their
# shares of 4–5 ratings must pass a two-proportion z-test at 95 % (two-sided).
MIN_PER_SIDE = 30
Z_95 = 1.96
TREND_WEEKS = 26
COMMENTS_TO_TRIAGE = 20
SETTLED_SECONDS = 2 * 86_400
GENERATION_KEY = "feedback:insights:generation"
COUNT_FIELDS = ("count", "rating_sum", "rated_1", "rated_2", "rated_3", "rated_4", "rated_5")


@dataclass
class Tally:
    """Opinions counted: how many, the sum of their ratings, how many of each rating 1 to 5."""

    count: int = 0
    rating_sum: int = 0
    by_rating: list[int] = field(default_factory=lambda: [0] * 5)

    @classmethod
    def of(cls, count: int, rating_sum: int, *by_rating: int) -> "Tally":
        return cls(count or 0, rating_sum or 0, [n or 0 for n in by_rating])

    def add(self, other: "Tally") -> None:
        self.count += other.count
        self.rating_sum += other.rating_sum
        self.by_rating = [a + b for a, b in zip(self.by_rating, other.by_rating, strict=True)]

    @property
    def satisfied(self) -> int:
        """Opinions rated 4 or 5."""
        return self.by_rating[3] + self.by_rating[4]

    @property
    def average(self) -> float | None:
        return self.rating_sum / self.count if self.count else None

    @property
    def satisfied_share(self) -> float | None:
        return self.satisfied / self.count if self.count else None

    def shares(self) -> list[tuple[int, int, float]]:
        """(rating, opinions, share) from 5 down to 1: the distribution as read aloud."""
        return [
            (n, self.by_rating[n - 1], self.by_rating[n - 1] / self.count if self.count else 0) for n in (5, 4, 3, 2, 1)
        ]


def ranking_score(tally: Tally, site_mean: float, weight: int = PRIOR_WEIGHT) -> float:
    """The average rating pulled towards the site's mean by `weight` imaginary opinions at that
    mean (a Bayesian average): (weight × mean + sum of ratings) / (weight + opinions)."""
    return (weight * site_mean + tally.rating_sum) / (weight + tally.count)


class Verdict:
    BETTER = "mieux"
    WORSE = "moins bien"
    UNKNOWN = "pas assez d’avis pour conclure"


@dataclass(frozen=True)
class Comparison:
    verdict: str
    difference: float | None = None  # share of 4–5 after minus before, from -1 to 1
    z: float | None = None


def two_proportion_z(satisfied_before: int, count_before: int, satisfied_after: int, count_after: int) -> float | None:
    """The z statistic of the difference of two shares, with the pooled share's standard error;
    None when it cannot be computed (every opinion on both sides the same)."""
    pooled = (satisfied_before + satisfied_after) / (count_before + count_after)
    error = math.sqrt(pooled * (1 - pooled) * (1 / count_before + 1 / count_after))
    if error == 0:
        return None
    return (satisfied_after / count_after - satisfied_before / count_before) / error


def compare(before: Tally, after: Tally) -> Comparison:
    """Did the share of 4–5 ratings move between two versions by more than chance would?"""
    if before.count < MIN_PER_SIDE or after.count < MIN_PER_SIDE:
        return Comparison(Verdict.UNKNOWN)
    difference = after.satisfied_share - before.satisfied_share
    z = two_proportion_z(before.satisfied, before.count, after.satisfied, after.count)
    if z is None or abs(z) < Z_95:
        return Comparison(Verdict.UNKNOWN, difference, z)
    return Comparison(Verdict.BETTER if z > 0 else Verdict.WORSE, difference, z)


def window_start(days: int | None, today: date) -> date | None:
    return None if days is None else today - timedelta(days=days - 1)


def week_start(day: date) -> date:
    return day - timedelta(days=day.weekday())


def weekly(rows: list[tuple[date, Tally]], today: date, weeks: int = TREND_WEEKS) -> list[tuple[date, Tally]]:
    """(Monday, opinions of that week) for the last `weeks` weeks, this one included, empty weeks kept."""
    first = week_start(today) - timedelta(weeks=weeks - 1)
    buckets = {first + timedelta(weeks=n): Tally() for n in range(weeks)}
    for day, tally in rows:
        if day >= first:
            buckets[week_start(day)].add(tally)
    return list(buckets.items())


# The dashboard's queries.


@dataclass
class ArticleRow:
    """One article in the site-wide list: its tally in each window."""

    pk: int
    title: str
    windows: list[Tally]
    score: float = 0.0
    rank: int = 0


def forget_settled() -> None:
    """The daily rows of past days changed (a rebuild, bench data): sum them again."""
    cache.set(GENERATION_KEY, time.time_ns(), None)


def _window_sums(today: date) -> dict:
    return {
        f"{name}_{index}": Sum(name, filter=Q(day__gte=start) if start else None, default=0)
        for index, (days, _) in enumerate(WINDOWS)
        for start in [window_start(days, today)]
        for name in COUNT_FIELDS
    }


def _article_windows(rows, today: date) -> dict[int, list[list[int]]]:
    """For each article, its counts in each window of WINDOWS."""
    totals = rows.values("article_id").order_by().annotate(**_window_sums(today))
    return {
        t["article_id"]: [[t[f"{name}_{index}"] for name in COUNT_FIELDS] for index in range(len(WINDOWS))]
        for t in totals
    }


def _day_counts(rows) -> dict[date, list[int]]:
    days = rows.values("day").order_by().annotate(**{name: Sum(name) for name in COUNT_FIELDS})
    return {day: counts for day, *counts in days.values_list("day", *COUNT_FIELDS)}


def trend_start(today: date) -> date:
    return week_start(today) - timedelta(weeks=TREND_WEEKS - 1)


def _settled(today: date) -> tuple[dict, dict]:
    """The site's counts of the days before yesterday, per article and window and per day of the
    trend: summed once a day per cache, as those rows change only by a rebuild (which calls
    forget_settled). Yesterday and today are read at each request: an opinion sent a second ago,
    or just before midnight, shows at once."""
    # Missing (never set, evicted, or deleted once Redis is back from an outage in which
    # forget_settled's write was missed): a generation unlike any before, never one whose sums
    # may still be kept.
    generation = cache.get_or_set(GENERATION_KEY, time.time_ns, None)
    key = f"feedback:insights:settled:{today.isoformat()}:{generation}"
    found = cache.get(key)
    if found is None:
        past = DailyRating.objects.filter(day__lt=today - timedelta(days=1))
        found = (_article_windows(past, today), _day_counts(past.filter(day__gte=trend_start(today))))
        cache.set(key, found, SETTLED_SECONDS)
    return found


def _recent(today: date) -> list[tuple]:
    """Yesterday's and today's rows, summed here rather than by the database: grouped by article,
    SQLite would walk the whole table in the order of its (article, version, day) index."""
    rows = DailyRating.objects.filter(day__gte=today - timedelta(days=1))
    return list(rows.values_list("article_id", "day", *COUNT_FIELDS))


def _fresh_windows(recent: list[tuple]) -> dict[int, list[int]]:
    """Per article, the counts of yesterday and today: in every window, as the shortest is 7 days."""
    found: dict[int, list[int]] = {}
    for article_id, _, *counts in recent:
        found[article_id] = [a + b for a, b in zip(found.get(article_id, [0] * 7), counts, strict=True)]
    return found


def site_ranking(period: int | None, today: date | None = None) -> tuple[Tally, list[ArticleRow]]:
    """Every article with an opinion, ranked by its score over `period` days (None: all time),
    best first; and the site's own tally over that period (whose mean is the prior)."""
    today = today or timezone.localdate()
    settled, _ = _settled(today)
    fresh = _fresh_windows(_recent(today))
    titles = dict(Article.objects.order_by().values_list("pk", "title"))
    rows = []
    for pk in settled.keys() | fresh.keys():
        windows = [Tally.of(*counts) for counts in settled.get(pk, [[0] * 7] * len(WINDOWS))]
        if pk in fresh:
            for window in windows:
                window.add(Tally.of(*fresh[pk]))
        rows.append(ArticleRow(pk, titles.get(pk, "?"), windows))
    index = [days for days, _ in WINDOWS].index(period)
    site = Tally()
    for row in rows:
        site.add(row.windows[index])
    mean = site.average or 0.0
    ranked = [row for row in rows if row.windows[index].count]
    for row in ranked:
        row.score = ranking_score(row.windows[index], mean)
    ranked.sort(key=lambda row: (-row.score, -row.windows[index].count, row.title))
    for number, row in enumerate(ranked, start=1):
        row.rank = number
    return site, ranked


def site_trend(today: date | None = None) -> list[tuple[date, Tally]]:
    today = today or timezone.localdate()
    _, settled = _settled(today)
    rows = [(day, Tally.of(*counts)) for day, counts in settled.items()]
    rows += [(day, Tally.of(*counts)) for _, day, *counts in _recent(today)]
    return weekly(rows, today)


@dataclass
class RevisionRow:
    number: int
    go_live_at: datetime
    ends_at: datetime | None
    change_note: str
    tally: Tally
    comparison: Comparison | None  # None for the first version


@dataclass
class ArticleFigures:
    windows: list[tuple[str, Tally]]
    trend: list[tuple[date, Tally]]
    revisions: list[RevisionRow]
    unattributed: Tally  # opinions that arrived while no version was live


def article_figures(article: Article, today: date | None = None) -> ArticleFigures:
    """Everything the article's page shows but its comments: two queries whatever its opinions."""
    today = today or timezone.localdate()
    rows = DailyRating.objects.filter(article=article).values_list("day", "revision_id", *COUNT_FIELDS)
    windows = [(label, Tally()) for _, label in WINDOWS]
    by_day: dict[date, Tally] = {}
    by_revision: dict[int | None, Tally] = {}
    for day, revision_id, *counts in rows:
        tally = Tally.of(*counts)
        for (days, _), (_, window) in zip(WINDOWS, windows, strict=True):
            if days is None or day >= window_start(days, today):
                window.add(tally)
        by_day.setdefault(day, Tally()).add(tally)
        by_revision.setdefault(revision_id, Tally()).add(tally)
    return ArticleFigures(
        windows,
        weekly(sorted(by_day.items()), today),
        _revision_rows(article, by_revision),
        by_revision.get(None, Tally()),
    )


def _revision_rows(article: Article, by_revision: dict[int | None, Tally]) -> list[RevisionRow]:
    """Each version that has been live, in publication order, compared with the one before."""
    published = (
        Revision.objects.published()
        .filter(article=article, go_live_at__lte=timezone.now())
        .values_list("pk", "number", "go_live_at", "ends_at", "change_note")
    )
    rows, before = [], None
    for pk, number, go_live_at, ends_at, note in published:
        tally = by_revision.get(pk, Tally())
        rows.append(
            RevisionRow(number, go_live_at, ends_at, note, tally, None if before is None else compare(before, tally))
        )
        before = tally
    return rows


def comments_to_triage(article: Article, limit: int = COMMENTS_TO_TRIAGE) -> list[Feedback]:
    """The latest new comments on the article that are not spam, newest first."""
    return list(
        Feedback.objects.filter(article=article, status=Feedback.Status.NEW, spam_reason="")
        .exclude(comment="")
        .select_related("revision")
        .only("pk", "rating", "comment", "created_at", "personal_data", "revision__number")
        .order_by("-created_at", "-id")[:limit]
    )
