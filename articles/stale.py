"""What readers get while the database does not answer: the last kept copy of a page, or a 503.

The page cache keeps each page PAGE_STALE_SECONDS beyond its usual lifetime (PAGE_CACHE_SECONDS,
counted from the page's own `made_at`). When making a page fails because the database does not
answer, or while the outage record says not to try it yet, the reader gets that copy even if a
publication has changed what it shows since, marked `X-Served-Stale: database-unavailable`.

The copy goes out `private, no-store`: a CDN neither keeps it nor takes it for the current page
(its own older copy, if any, is left as it was), nor does the browser, so the current page is back
with the database, and a copy never lingers in a cache past the end of an article it shows.

A copy is never served past the end of the live window of an article it shows (its "Dépublier
le", or the switch to a later version of it): the earliest end known when the page was made is
kept with it, and publishing records each article's live version and its end at every change
(`record_live_version`, and every article's at each deploy's migrate), so an article withdrawn,
corrected or given an end after the copy was made stops it too; an article with no record (the
cache lost it) stops it as well. Lists (home, thématiques, people, feed, sitemap) name the
articles they show as the article page does (`note_shown`): a list is not served once one of
them has ended or changed.

Without a usable copy the reader gets the French 503 page, made without the database.
"""

import time
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.template.loader import render_to_string

from cdn import headers as cdn_headers
from operations import outages

if TYPE_CHECKING:  # page_cache imports this module
    from articles.page_cache import StoredPage

HEADER = "X-Served-Stale"
REASON = "database-unavailable"
RETRY_AFTER_SECONDS = 60


def _live_version_key(article_id: int) -> str:
    return f"articles:live-version:{article_id}"


def record_live_version(article_id: int, revision_id: int | None, ends_at: float | None) -> None:
    """Publishing says which version of the article is live now (None: none is) and when its
    window ends: a kept copy showing another version, or kept past that end, is not served."""
    cache.set(_live_version_key(article_id), (revision_id or 0, ends_at), None)


def record_every_live_version(windows: Iterable[tuple[int, int, float | None]]) -> None:
    """`record_live_version` for each (article id, live version id, end) at once: a deploy's
    migrate writes them all, so every article has its record (one missing is not served)."""
    cache.set_many({_live_version_key(pk): (revision_id, ends_at) for pk, revision_id, ends_at in windows}, None)


def note_shown(response: HttpResponse, known, shows: Iterable[int]) -> HttpResponse:
    """Tell the page cache, for a database outage, the live version of each article the page
    shows (by id: the article itself, the ones it teases or lists) and the earliest end of their
    live windows, past which no copy of it is served. `known`: the live map the page was made from."""
    articles = {pk: known.by_pk.get(pk) for pk in shows}
    response.page_shown = tuple((pk, a.revision_id if a else 0) for pk, a in articles.items())
    ends = [a.ends_at for a in articles.values() if a is not None and a.ends_at is not None]
    response.page_ends_at = min(ends).timestamp() if ends else None
    return response


def may_serve(page: "StoredPage", now: float | None = None) -> bool:
    now = time.time() if now is None else now
    made_at = getattr(page, "made_at", None)
    if made_at is None:  # kept by the release before this module: its ends are not known
        return False
    if now - made_at >= settings.PAGE_CACHE_SECONDS + settings.PAGE_STALE_SECONDS:
        return False
    if page.ends_at is not None and now >= page.ends_at:
        return False
    return _still_live(page.shown, now)


def _still_live(shown: Iterable[tuple[int, int]], now: float) -> bool:
    shown = dict(shown)
    if not shown:
        return True
    try:
        recorded = cache.get_many([_live_version_key(pk) for pk in shown])
    except Exception:  # the cache fails too: what happened since cannot be checked
        return False
    if outages.is_down(outages.CACHE):  # its resilient backend answered "nothing": just as unknown
        return False
    for pk, revision_id in shown.items():
        live = recorded.get(_live_version_key(pk))
        if live is None:
            if revision_id == 0:
                continue  # not live when the page was made (a teased draft), nor published since
            # Evicted, or a write the cache missed in an outage and dropped on its return (see
            # operations/resilient_cache.py): what is live cannot be told, so the copy is not served.
            return False
        live_revision, ends_at = live
        if live_revision != revision_id or (ends_at is not None and now >= ends_at):
            return False
    return True


def response(page: "StoredPage") -> HttpResponse:
    outages.fell_back(outages.DATABASE, "page served stale")
    served = HttpResponse(page.content, content_type=page.content_type)
    served[HEADER] = REASON
    return cdn_headers.keep_private(served)


def unavailable() -> HttpResponse:
    """The French 503 page, from a template that reads nothing from the database."""
    outages.fell_back(outages.DATABASE, "unavailable page")
    served = HttpResponse(render_to_string("503.html"), status=503)
    served["Retry-After"] = str(RETRY_AFTER_SECONDS)
    # The outage is logged once (operations.outages), not once per response by django.request.
    served._has_been_logged = True
    return cdn_headers.keep_private(served)


def answer(page: "StoredPage | None") -> HttpResponse:
    """The kept copy if it may be served, else the 503 page."""
    if page is not None and may_serve(page):
        return response(page)
    return unavailable()
