"""The site's texts and pages as the data migration writes them, for the tests that read them."""

import importlib

from site_pages.models import SitePage, SiteTexts

MIGRATION = importlib.import_module("site_pages.migrations.0002_default_texts_and_pages")
# (title, slug, footer position) of each page, in footer order.
PAGES = [(title, slug, position) for title, slug, position, _ in MIGRATION.PAGES]


def default_site_pages() -> list[SitePage]:
    """The migration's texts and pages, written again from its own text when a transactional
    test's flush has emptied the database."""
    if not SiteTexts.objects.exists():
        SiteTexts.objects.create()
    for title, slug, position, body in MIGRATION.PAGES:
        SitePage.objects.get_or_create(slug=slug, defaults={"title": title, "footer_position": position, "body": body})
    return list(SitePage.objects.filter(slug__in=[slug for _, slug, _ in PAGES]))
