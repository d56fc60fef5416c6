from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_safe

from articles import live, stale
from articles.page_cache import LISTS, cached_page, person_tag
from seo import feed as atom
from seo import sitemap as site_map
from seo.addresses import absolute

# What crawlers leave alone: the editors' pages, review links (each is noindex anyway, and private),
# the search results, and the address opinions are posted to.
DISALLOWED = ("/admin/", "/relecture/", "/recherche/", "/avis/")


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    lines = ["User-agent: *", *(f"Disallow: {path}" for path in DISALLOWED), ""]
    lines.append(f"Sitemap: {absolute(reverse('seo:sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def _kept_until(response: HttpResponse, known: live.LiveMap, *tags: str) -> HttpResponse:
    """A list of live articles: made again when one is published (LISTS) or at the next
    scheduled switch, as the home page is."""
    response.page_tags = (LISTS, *tags)
    response.page_valid_until = known.valid_until
    return stale.note_shown(response, known, known.by_pk)


@require_safe
@cached_page
def sitemap(request: HttpRequest) -> HttpResponse:
    known = live.live_map()
    context = {"entries": site_map.entries(known)}
    response = render(request, "seo/sitemap.xml", context, content_type="application/xml; charset=utf-8")
    return _kept_until(response, known, *(person_tag(pk) for pk in site_map.people_ids(known)))


_feed = atom.LatestArticles()


@require_safe
@cached_page
def feed(request: HttpRequest) -> HttpResponse:
    known = live.live_map()
    authors = {pk for article in known.articles[: atom.ENTRIES] for pk in article.author_ids}
    return _kept_until(_feed(request, known=known), known, *(person_tag(pk) for pk in authors))
