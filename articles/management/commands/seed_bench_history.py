"""An article with a long history, for the bench of the history and compare screens.

The article `bench-history` gets `--sections` sections and `--snapshots` snapshots, each made as
an editor's save makes one (`publishing.record_save`): a few words changed in a few sections,
every seventh save a section moved, once a section added and once one removed. Every tenth
snapshot is submitted, then approved and published by a reviewer, as the workflow does. The
editor and the reviewer are `bench-redacteur` and `bench-relecteur`, in the editorial groups.
Nothing is done when the article is already there.
"""

import random
import time

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand
from django.db import transaction

from articles import publishing
from articles.management.commands.seed_bench_articles import WORDS, sentence
from articles.models import Article, Person, Revision, Section

SLUG = "bench-history"
EDITOR, REVIEWER = "bench-redacteur", "bench-relecteur"
# Created by migration 0008_editorial_groups.
WRITERS, REVIEWERS = "Rédacteurs", "Relecteurs médicaux"
PUBLISH_EVERY = 10


def body(rng: random.Random) -> str:
    return "\n\n".join(sentence(rng, 50) for _ in range(3))


def reworded(rng: random.Random, text: str, words: int) -> str:
    """`text` with `words` of its words swapped for others."""
    tokens = text.split(" ")
    plain = [n for n, token in enumerate(tokens) if token.isalpha()]
    for n in rng.sample(plain, min(words, len(plain))):
        tokens[n] = rng.choice([word for word in WORDS if word != tokens[n]])
    return " ".join(tokens)


class Command(BaseCommand):
    help = "Crée l’article « bench-history » et son historique de versions, pour le banc d’essai."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--sections", type=int, default=30)
        parser.add_argument("--snapshots", type=int, default=50)
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, sections: int, snapshots: int, seed: int, **options) -> None:
        article = Article.objects.filter(slug=SLUG).first()
        if article is not None:
            self.stdout.write(f"« {SLUG} » existe déjà ({article.revisions.count()} versions) : rien à faire.")
            return
        started = time.monotonic()
        rng = random.Random(seed)
        with transaction.atomic():
            editor, reviewer = self._user(EDITOR, WRITERS), self._user(REVIEWER, REVIEWERS)
            Person.objects.get_or_create(
                user=reviewer,
                defaults={"name": "Relectrice de banc d’essai", "slug": REVIEWER, "profession": "médecin"},
            )
            article = self._article(rng, sections)
            for number in range(1, snapshots + 1):
                if number > 1:
                    self._edit(rng, article, number, snapshots)
                publishing.record_save(article, editor)
                if number % PUBLISH_EVERY == 0 or number == snapshots:
                    self._publish(article, editor, reviewer, number)
        self.stdout.write(
            f"« {SLUG} » : {article.sections.count()} sections, {article.revisions.count()} versions "
            f"en {time.monotonic() - started:.1f} s."
        )

    def _user(self, username: str, group: str):
        user, _ = get_user_model().objects.get_or_create(username=username, defaults={"is_staff": True})
        user.groups.add(Group.objects.get(name=group))
        return user

    def _article(self, rng: random.Random, count: int) -> Article:
        article = Article.objects.create(
            title="Article de banc d’essai à l’historique chargé",
            slug=SLUG,
            introduction=sentence(rng, 40),
            conclusion=sentence(rng, 30),
        )
        rows = [
            Section(
                article=article,
                position=position,
                heading=sentence(rng, 5),
                level=Section.Level.H2 if position % 3 == 1 else Section.Level.H3,
                body=body(rng),
            )
            for position in range(1, count + 1)
        ]
        Section.objects.bulk_create(rows)
        return article

    def _edit(self, rng: random.Random, article: Article, number: int, snapshots: int) -> None:
        """What one save changes: a few words in a few sections, and now and then the outline."""
        current = list(article.sections.order_by("position", "id"))
        for section in rng.sample(current, min(rng.randint(2, 4), len(current))):
            section.body = reworded(rng, section.body, rng.randint(1, 3))
            section.save(update_fields=["body"])
        if number == snapshots * 2 // 5:
            middle = len(current) // 2
            added = Section(article=article, heading=sentence(rng, 5), level=Section.Level.H3, body=body(rng))
            current.insert(middle, added)
            added.position = middle + 1
            added.save()
        elif number == snapshots * 7 // 10:
            # One of the first sections, not the one added: a comparison across the whole history shows both.
            newest = max(section.pk for section in current)
            removed = rng.choice([section for section in current if section.pk != newest])
            current.remove(removed)
            removed.delete()
        elif number % 7 == 0:
            start = rng.randrange(len(current))
            moved = current.pop(start)
            current.insert(rng.choice([n for n in range(len(current) + 1) if n != start]), moved)
        for position, section in enumerate(current, start=1):
            section.position = position
        Section.objects.bulk_update(current, ["position"])

    def _publish(self, article: Article, editor, reviewer, number: int) -> None:
        publishing.submit(article, editor)
        approval = publishing.Approval(
            scope=Revision.Scope.COMPLETE if number % (2 * PUBLISH_EVERY) == 0 else Revision.Scope.MINOR,
            change_note=f"Mise à jour n° {number // PUBLISH_EVERY}.",
            substantive=number % (2 * PUBLISH_EVERY) == 0,
        )
        publishing.approve_and_publish(article, reviewer, approval)
        article.refresh_from_db()  # the approval changed its own copy of the row
