"""Bulk-loads bench data: many readers' opinions spread over the published articles.

Used by `make bench` after `seed_bench_articles`, to show how the cost of each page and of the
admin grows with the number of opinions.
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from articles.management.commands.seed_bench_articles import BATCH, sentence
from articles.models import Revision
from feedback.models import Feedback


class Command(BaseCommand):
    help = "Ajoute des avis de lecteurs en masse sur les articles publiés, pour le banc d’essai."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--feedback", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, feedback: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        started = time.monotonic()
        article_ids = list(Revision.objects.live().values_list("article_id", flat=True))
        if not article_ids or not feedback:
            return
        statuses = [Feedback.Status.NEW, Feedback.Status.NEW, Feedback.Status.DONE, Feedback.Status.IGNORED]
        # A pool of comments keeps 100,000 rows quick to build; lengths still vary from 0 to 40 words.
        comments = ["", *(sentence(rng, rng.randint(1, 40)) for _ in range(500))]
        with transaction.atomic():
            for offset in range(0, feedback, BATCH):
                Feedback.objects.bulk_create(
                    [
                        Feedback(
                            article_id=rng.choice(article_ids),
                            rating=rng.randint(1, 5),
                            comment=rng.choice(comments),
                            status=rng.choice(statuses),
                        )
                        for _ in range(min(BATCH, feedback - offset))
                    ]
                )
        self.stdout.write(f"{feedback} avis ajoutés en {time.monotonic() - started:.1f} s.")
