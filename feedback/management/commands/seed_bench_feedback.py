"""Bulk-loads bench data: many readers' opinions spread over the published articles and the last
year, each naming its article's live version, with the daily counts the dashboard reads (counted as
the rows are made, as the posts would have).

Used by `make bench` after `seed_bench_articles` (1,000,000 opinions over 1,000 articles by
default there), to show how the cost of each page, of the admin and of the dashboard grows with
the number of opinions. Rows go in by one multi-row statement per batch, not one object each.
"""

import random
import time
from collections import defaultdict
from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.utils import timezone

from articles.management.commands.seed_bench_articles import sentence
from articles.models import Revision
from feedback.insights import forget_settled
from feedback.models import Feedback

BATCH = 10_000
RATINGS = (1, 2, 3, 4, 5)
INSERT_FEEDBACK = (
    "INSERT INTO feedback_feedback (article_id, revision_id, rating, comment, created_at, status, note, "
    "spam_reason, personal_data) VALUES (%s, %s, %s, %s, %s, %s, '', '', '')"
)
INSERT_DAILY = (
    "INSERT INTO feedback_dailyrating (article_id, revision_id, day, count, rating_sum, "
    "rated_1, rated_2, rated_3, rated_4, rated_5) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s, %s)"
)
# Readers are mostly satisfied, as on a real site: a mean near 3.8, not a flat 3.
RATING_WEIGHTS = (8, 7, 15, 35, 35)


class Command(BaseCommand):
    help = "Ajoute des avis de lecteurs en masse sur les articles publiés, pour le banc d’essai."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--feedback", type=int, default=100_000)
        parser.add_argument("--days", type=int, default=365, help="Les avis sont répartis sur ces derniers jours.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, feedback: int, days: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        started = time.monotonic()
        live = list(Revision.objects.live().values_list("article_id", "pk"))
        if not live or not feedback:
            return
        statuses = [Feedback.Status.NEW, Feedback.Status.NEW, Feedback.Status.DONE, Feedback.Status.IGNORED]
        # A pool of comments keeps the rows quick to build; lengths still vary from 0 to 40 words.
        comments = ["", *(sentence(rng, rng.randint(1, 40)) for _ in range(500))]
        now = timezone.now()
        # In order of arrival, as a real site writes them: the date indexes then grow at one end.
        ages = sorted((rng.randrange(days * 86_400) for _ in range(feedback)), reverse=True)
        counts: dict[tuple, list[int]] = defaultdict(lambda: [0] * 7)
        adapt = connection.ops.adapt_datetimefield_value
        with transaction.atomic(), connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("PRAGMA cache_size = -262144")  # 256 MB for this connection: fewer page reads
            for offset in range(0, feedback, BATCH):
                rows = []
                for age in ages[offset : offset + BATCH]:
                    article_id, revision_id = rng.choice(live)
                    created = now - timedelta(seconds=age)
                    rating = rng.choices(RATINGS, RATING_WEIGHTS)[0]
                    tally = counts[article_id, revision_id, timezone.localdate(created)]
                    tally[0] += 1
                    tally[1] += rating
                    tally[1 + rating] += 1
                    rows.append(
                        (article_id, revision_id, rating, rng.choice(comments), adapt(created), rng.choice(statuses))
                    )
                cursor.executemany(INSERT_FEEDBACK, rows)
            inserted = time.monotonic() - started
            daily = [(*key[:2], connection.ops.adapt_datefield_value(key[2]), *tally) for key, tally in counts.items()]
            for offset in range(0, len(daily), BATCH):
                cursor.executemany(INSERT_DAILY, daily[offset : offset + BATCH])
        forget_settled()
        self.stdout.write(
            f"{feedback} avis ajoutés en {inserted:.1f} s, et leurs {len(daily)} lignes d’avis par jour en "
            f"{time.monotonic() - started - inserted:.1f} s."
        )
