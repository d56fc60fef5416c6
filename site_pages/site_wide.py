"""What every page shows about the site, without a query: a per-process map of the site's texts
and of the pages its footer links to.

The map is remade when `articles.publishing` moves the site's version on (`invalidate_site`, which
the admin calls after each change of these texts or pages), as `articles.live` remakes the map of
live articles when the lists' version moves on.
"""

import logging
import re
from dataclasses import dataclass

from django.db import DatabaseError, InterfaceError
from django.db.models import Subquery
from django.urls import reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from articles import page_cache
from articles.page_cache import SITE, versions
from operations import outages
from operations.database import is_outage
from site_pages.models import SitePage, SiteTexts

# The French emergency numbers a reader can call from the box: Samu, police, pompiers, European
# number, deaf and hard-of-hearing, Samu social, children in danger, suicide prevention.
EMERGENCY_NUMBER = re.compile(r"(?<![\w-])(15|17|18|112|114|115|119|3114)(?![\w-])")


def with_call_links(text: str) -> SafeString:
    """`text` escaped, each emergency number in it a `tel:` link a phone can call."""
    parts = EMERGENCY_NUMBER.split(text)
    html = [escape(part) if i % 2 == 0 else f'<a href="tel:{part}">{part}</a>' for i, part in enumerate(parts)]
    return mark_safe("".join(html))  # noqa: S308 - the text is escaped, the links are made of digits


@dataclass(frozen=True, slots=True)
class FooterLink:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class SiteWide:
    name: str
    publisher: str
    disclaimer: str
    urgency_html: SafeString
    pages: tuple[FooterLink, ...]  # in footer order
    slugs: frozenset[str]
    site_version: int

    @property
    def known_publisher(self) -> str:
        """The publisher's name once filled in; empty while it is the default's placeholder."""
        return "" if "À compléter" in self.publisher else self.publisher


logger = logging.getLogger(__name__)
_map: list[SiteWide] = []


def site_wide() -> SiteWide:
    (site_version,) = versions((SITE,))  # read before the rows: a change after it remakes the map
    if _map and _map[0].site_version == site_version:
        return _map[0]
    if not outages.should_try(outages.DATABASE) and not page_cache.making_page.get():
        return _fallback(site_version)
    try:
        texts, pages = _read()
    except (DatabaseError, InterfaceError) as error:
        if not is_outage(error):
            logger.exception("Textes du site illisibles : textes par défaut, sans les pages du site.")
            return _fallback(site_version)
        outages.failed(outages.DATABASE, error)  # one log line per outage, not a traceback per page
        if page_cache.making_page.get():
            raise  # a page that may be kept and shared is made from the database or not at all
        return _fallback(site_version)
    fresh = _site_wide(texts, pages, site_version)
    _map[:] = [fresh]
    return fresh


def _fallback(site_version: int) -> SiteWide:
    """For the error pages, which use this layout too: a "400 Bad Request" or a 404 must not turn
    into a 500 when the database does not answer. The texts last read, else the defaults; kept
    for no other request."""
    return _map[0] if _map else _site_wide(SiteTexts(), [], site_version)


TEXT_FIELDS = ("site_name", "publisher", "disclaimer", "urgency")


def _read() -> tuple[SiteTexts, list[tuple[str, str]]]:
    """The footer's pages with the texts beside each of them: one query, so that a fresh process's
    first article page stays within three. The texts' defaults if their row is missing."""
    texts_row = SiteTexts.objects.all()[:1]
    rows = list(
        SitePage.objects.annotate(
            **{f"texts_{name}": Subquery(texts_row.values(name)) for name in TEXT_FIELDS}
        ).values_list("title", "slug", *(f"texts_{name}" for name in TEXT_FIELDS))
    )
    if not rows:  # no page to carry them
        return SiteTexts.objects.first() or SiteTexts(), []
    found = dict(zip(TEXT_FIELDS, rows[0][2:], strict=True))
    texts = SiteTexts(**found) if found["site_name"] is not None else SiteTexts()
    return texts, [(title, slug) for title, slug, *_ in rows]


def _site_wide(texts: SiteTexts, pages: list[tuple[str, str]], site_version: int) -> SiteWide:
    return SiteWide(
        name=texts.site_name,
        publisher=texts.publisher,
        disclaimer=texts.disclaimer,
        urgency_html=with_call_links(texts.urgency),
        pages=tuple(FooterLink(title, reverse("site_pages:page", kwargs={"slug": slug})) for title, slug in pages),
        slugs=frozenset(slug for _, slug in pages),
        site_version=site_version,
    )
