"""What the editorial seed of "L’immunothérapie" holds, for the tests that check the page against it."""

import importlib
from pathlib import Path

from django.utils.text import slugify

from articles import revisions
from articles.models import Article
from tests.factories import publish_now

SLUG = "immunotherapie"
SEED = Path(__file__).with_name("seed_immunotherapie.txt")
SHARED_SEED = Path(__file__).resolve().parents[2] / "shared" / "seeds" / "000_0e8e6e4d7d08e578.txt"
FEEDBACK_LINES = ("Donnez-nous votre avis !", "Envoyer mon avis", "Merci pour votre retour.")
TEASERS = [
    "Comment guérir les allergies ?",
    "Comment prévenir le cancer des ovaires ?",
    "Quel est l’ennemi numéro 1 du cancer ?",
]
H2S = [
    "Qu'est-ce que l'immunothérapie ?",
    "Les différents types d’immunothérapie",
    "Les principales indications de l’immunothérapie",
    "Les avantages de l’immunothérapie",
    "Les limites et les défis de l’immunothérapie",
    "L’avenir de l’immunothérapie",
]


def seed_lines() -> list[str]:
    """The seed's lines up to the feedback block, which the feedback app renders."""
    lines = [line.strip() for line in SEED.read_text(encoding="utf-8").splitlines() if line.strip()]
    return lines[: lines.index(FEEDBACK_LINES[0])]


def seed_article() -> Article:
    """The seed article as the data migrations leave it (live, its teasers' articles drafts),
    written again from the seed migration's own text when a transactional test's flush has
    emptied the database."""
    if not Article.objects.filter(slug=SLUG).exists():
        seed = importlib.import_module("articles.migrations.0002_seed_immunotherapie")
        targets = [Article.objects.create(title=title, slug=slugify(title)) for title in seed.TEASER_TITLES]
        article = Article.objects.create(
            title="L’immunothérapie", slug=SLUG, introduction=seed.INTRODUCTION, conclusion=seed.CONCLUSION
        )
        for position, (heading, level, body, teaser) in enumerate(seed.SECTIONS, start=1):
            article.sections.create(
                position=position,
                heading=heading,
                level=level,
                body=body,
                read_also=None if teaser is None else targets[teaser],
            )
        for target in targets:
            revisions.snapshot(target, None)
        publish_now(article)
    return Article.objects.get(slug=SLUG)
