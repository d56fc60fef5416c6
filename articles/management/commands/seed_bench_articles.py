"""Bulk-loads bench data: many published articles with their sections, in bench thématiques.

Used by `make bench` to show how the cost of each page grows with the size of the database.
Rows are created with bulk inserts, each article with one live revision (as if approved) and its
search entry, in one or two of the bench's topics (made if missing: `--articles=0` makes only
them), and the pages are invalidated at the end, as a publication would.
"""

import random
import time

from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from articles import revisions, search_index
from articles.models import Article, ArticleTopic, Revision, Section, Topic
from articles.publishing import invalidate_site

SLUG_PREFIX = "bench-article-"
TOPIC_SLUG_PREFIX = "banc-essai-"
BATCH = 2_000
WORDS = [
    "immunité",
    "cellule",
    "traitement",
    "patient",
    "médecin",
    "vaccin",
    "cancer",
    "allergie",
    "prévention",
    "symptôme",
    "diagnostic",
    "examen",
    "recherche",
    "santé",
    "défense",
    "anticorps",
    "inflammation",
    "suivi",
    "conseil",
]


def sentence(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


class Command(BaseCommand):
    help = "Ajoute des articles publiés (avec leurs sections) en masse, pour le banc d’essai."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--articles", type=int, default=1_000)
        parser.add_argument("--sections", type=int, default=6, help="Sections par article ajouté.")
        parser.add_argument("--topics", type=int, default=10, help="Thématiques du banc d’essai.")
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, articles: int, sections: int, topics: int, seed: int, **options) -> None:
        rng = random.Random(seed)
        started = time.monotonic()
        with transaction.atomic():
            bench_topics = self._topics(topics)
            new_articles = self._articles(rng, articles)
            self._sections(rng, new_articles, sections)
            self._topic_links(rng, new_articles, bench_topics)
            self._revisions(new_articles)
            search_index.write(Revision.objects.filter(article__in=new_articles))
        invalidate_site()
        self.stdout.write(
            f"{len(new_articles)} articles et {len(new_articles) * sections} sections ajoutés, dans "
            f"{len(bench_topics)} thématiques, en {time.monotonic() - started:.1f} s."
        )

    def _topics(self, count: int) -> list[Topic]:
        for n in range(count):
            Topic.objects.get_or_create(
                slug=f"{TOPIC_SLUG_PREFIX}{n}",
                defaults={"name": f"Thématique de banc d’essai {n}", "description": sentence(random.Random(n), 20)},
            )
        return list(Topic.objects.filter(slug__startswith=TOPIC_SLUG_PREFIX).order_by("pk"))

    def _topic_links(self, rng: random.Random, articles: list[Article], topics: list[Topic]) -> None:
        """One or two topics each, so that the topics' lists overlap as on a real site."""
        if not topics:
            return
        ArticleTopic.objects.bulk_create(
            (
                ArticleTopic(article=article, topic=topic, position=position)
                for article in articles
                for position, topic in enumerate(rng.sample(topics, min(len(topics), rng.choice((1, 2)))), 1)
            ),
            batch_size=BATCH,
        )

    def _articles(self, rng: random.Random, count: int) -> list[Article]:
        start = Article.objects.filter(slug__startswith=SLUG_PREFIX).count()
        rows = [
            Article(
                title=f"Article de banc d’essai {n}",
                slug=f"{SLUG_PREFIX}{n}",
                introduction=sentence(rng, 40),
                conclusion=sentence(rng, 30),
                state=Article.State.PUBLISHED,
                version=1,
            )
            for n in range(start, start + count)
        ]
        Article.objects.bulk_create(rows, batch_size=BATCH)
        # Not every database returns the new keys from a bulk insert: read them back.
        return list(Article.objects.filter(slug__in=[a.slug for a in rows]))

    def _sections(self, rng: random.Random, articles: list[Article], per_article: int) -> None:
        rows = [
            Section(
                article=article,
                position=position,
                heading=sentence(rng, 5),
                level=Section.Level.H2 if position % 3 == 0 else Section.Level.H3,
                body=sentence(rng, 60),
                read_also=rng.choice(articles) if position == 2 and len(articles) > 1 else None,
            )
            for article in articles
            for position in range(per_article)
        ]
        Section.objects.bulk_create(rows, batch_size=BATCH)

    def _revisions(self, articles: list[Article]) -> None:
        now = timezone.now()
        rows = []
        for article in articles:
            content = revisions.working_copy_content(article)
            rows.append(
                Revision(
                    article=article,
                    number=1,
                    state=Revision.State.PUBLISHED,
                    content=content,
                    content_hash=revisions.content_hash(content),
                    renderer=revisions.RENDERER_VERSION,
                    rendered=revisions.render(content),
                    title=content["title"],
                    slug=content["slug"],
                    summary=revisions.summary(content),
                    go_live_at=now,
                    review_scope=Revision.Scope.COMPLETE,
                    first_published_at=now,
                    updated_at=now,
                    topics=revisions.topic_cards(content["topics"]),
                )
            )
        Revision.objects.bulk_create(rows, batch_size=BATCH)
