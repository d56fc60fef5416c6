import functools
import sys

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views import defaults

from articles import live, stale
from articles.models import Page
from articles.page_cache import LISTS, SITE, cached_page
from articles.views import article_context
from cdn import headers as cdn_headers
from operations import outages
from operations.database import UNAVAILABLE, is_outage

# A CDN keeps a "page not found" this long at most: a burst of requests for addresses that do
# not exist stays at its edge, and an address that comes to exist is purged with the lists.
NOT_FOUND_SECONDS = 60

UNREADABLE = (
    "Votre envoi n’a pas pu être lu : il est trop volumineux ou mal formé. "
    "Votre texte est conservé : raccourcissez-le si besoin, puis réessayez."
)


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    """A body the site cannot read: the French page, or for the feedback script a message it can show
    (it keeps the reader's text in the form) instead of a page it would take for a network failure."""
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse({"ok": False, "message": UNREADABLE}, status=400)
    return defaults.bad_request(request, exception)


@cached_page
def accessibility(request: HttpRequest) -> HttpResponse:
    """The accessibility statement: it shows only the site's texts (tag `site`, always there)."""
    return render(request, "accessibility.html")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    """Django's 404 page, which a CDN may keep a minute, never past the next scheduled publication;
    any publication (`list`) or change of the site (`site`) purges it. While the database does not
    answer, the 503 page: whether the address exists cannot be told, and a CDN keeps no 503."""
    if not outages.should_try(outages.DATABASE):
        return stale.unavailable()
    try:
        valid_until = live.live_map().valid_until
    except UNAVAILABLE as error:
        if not is_outage(error):
            raise
        outages.failed(outages.DATABASE, error)
        return stale.unavailable()
    response = defaults.page_not_found(request, exception)
    seconds = min(NOT_FOUND_SECONDS, settings.CDN_MAX_AGE)
    return cdn_headers.share(response, (SITE, LISTS), valid_until, seconds, stale_if_error=0)


def server_error(request: HttpRequest) -> HttpResponse:
    """Whatever raised it (a view, a middleware before the view such as the second-factor check,
    a template): a database that does not answer gets the French 503 page, the outage recorded
    once and no traceback per request (articles.stale); anything else is Django's 500 page."""
    error = sys.exc_info()[1]
    if is_outage(error):
        outages.failed(outages.DATABASE, error)
        return stale.unavailable()
    return defaults.server_error(request)


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer through the same middleware: the bench's reference point."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _page_in_memory(slug: str) -> Page:
    return live.page_for_slug(slug)


def reference_article(request: HttpRequest, slug: str) -> HttpResponse:
    """The article page made with the same template from objects kept in memory (no database):
    what rendering alone costs, the bench's yardstick for the uncached page."""
    # article_context() sets each section's anchor again: the same values, so no copy is needed.
    return render(request, "articles/article_detail.html", article_context(_page_in_memory(slug)))
