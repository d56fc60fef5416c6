"""What the editorial seed of "L’immunothérapie" holds, for the tests that check the page against it."""

import importlib
from pathlib import Path

from django.apps import apps

from articles.models import Article

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
    """The seed article as the data migration writes it, written again by the migration's own
    function when a transactional test's flush has emptied the database."""
    if not Article.objects.filter(slug=SLUG).exists():
        migration = importlib.import_module("articles.migrations.0002_seed_immunotherapie")
        migration.load_seed(apps, schema_editor=None)
    return Article.objects.get(slug=SLUG)
