"""Whole-page cache for anonymous readers, invalidated by what each page shows.

Each cached page is stored with the tags it depends on (the site, the lists of articles, the
articles it shows or teases) and their versions when it was made, and an ETag computed from its
own bytes, in the shared cache and in the serving process. Publishing an article moves on the
versions of its tags only (see `articles.publishing`, the one caller of `bump`), so the pages that
show it are remade at the next request in every server process, and the others stay warm. A page
that a scheduled publication will change is kept only until that instant.

Two pieces work together:
- `PageCacheMiddleware` sits before the middleware that only signed-in users need (sessions,
  authentication, messages, lock-out) and answers a hit at once;
- `cached_page` wraps the views whose pages may be shared: it stores what they render and marks
  what they render for one person (`private, no-store`).

A shared page also tells a CDN it may keep it, with the same tags as keys (`cdn.headers`).

A page is kept PAGE_STALE_SECONDS longer than it is used: while the database does not answer,
readers get that last copy rather than an error (`articles.stale`).

A request is a reader's (shared) unless it carries a real signed-in session or a cookie that
another app declares personal (`personal_request_checks`, filled at start-up): a junk cookie
gets the shared page like anyone else.
"""

import hashlib
import re
import time
from collections.abc import Callable, Iterable
from contextvars import ContextVar
from dataclasses import dataclass
from functools import wraps
from importlib import import_module
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

from articles import stale
from cdn import headers as cdn_headers
from operations import outages
from operations.database import UNAVAILABLE, is_outage

PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")
HTML = "text/html; charset=utf-8"

# What a page can depend on: the whole site, the lists of articles, one article, person or topic.
SITE = "site"
LISTS = "list"


def person_tag(person_id: int) -> str:
    """The page of a person (author or reviewer) and the article pages that name them."""
    return f"person:{person_id}"


def article_tag(article_id: int) -> str:
    return f"article:{article_id}"


def topic_tag(topic_id: int) -> str:
    """The page of a topic (thématique) and the article pages that show it: their breadcrumb, and
    their "Dans la même thématique", which any publication of an article of the topic may change."""
    return f"topic:{topic_id}"


# Other apps add a test here for a cookie of theirs that makes a page personal (its value checked,
# not only its name: an invalid cookie does not get the slow, personal path).
personal_request_checks: list[Callable[[HttpRequest], bool]] = []


# The version of each tag, read from the shared cache at most once per PAGE_VERSION_MEMO_SECONDS
# in each process (0: every request). A change elsewhere reaches this process's readers within
# that time; the process that makes it sees it at once. A version is the time (ns) of its change.
_memo: dict[str, tuple[int, float]] = {}


def _version_key(tag: str) -> str:
    return f"articles:version:{tag}"


def bump(tags: Iterable[str]) -> None:
    """Make every page that depends on one of `tags` stale, at once in this process and in the
    others within PAGE_VERSION_MEMO_SECONDS. Only `articles.publishing` calls this."""
    version, now = time.time_ns(), time.monotonic()
    tags = set(tags)
    cache.set_many({_version_key(tag): version for tag in tags}, None)
    _memo.update({tag: (version, now) for tag in tags})


def versions(tags: tuple[str, ...]) -> tuple[int, ...]:
    now = time.monotonic()
    stale = [tag for tag in tags if now - _memo.get(tag, (0, float("-inf")))[1] >= settings.PAGE_VERSION_MEMO_SECONDS]
    if stale:
        found = cache.get_many([_version_key(tag) for tag in stale])
        missing = [tag for tag in stale if _version_key(tag) not in found]
        if missing:
            # Never set, or the cache was emptied: a version unlike any before, so a page this
            # process kept is not taken for current; negative, as it marks no change of content.
            first = {_version_key(tag): -time.time_ns() for tag in missing}
            cache.set_many(first, None)
            found.update(first)
        for tag in stale:
            _memo[tag] = (found[_version_key(tag)], now)
    return tuple(_memo[tag][0] for tag in tags)


def page_key(path: str, query_string: str) -> str | None:
    """The cache key of the page a request asks for, or None when only the view can tell.

    Parameters that change no page (tracking tags, random strings) are ignored, so nobody can
    fill the cache with variants of one page; `page` counts only as a whole number from 2 on
    (page 1 is the bare address), anything else is left to the view to refuse or ignore.
    """
    if "page=" not in query_string:
        return f"articles:page:{path}"
    pages = parse_qs(query_string, keep_blank_values=True).get("page")
    if not pages:
        return f"articles:page:{path}"
    if len(pages) == 1 and PAGE_NUMBER.fullmatch(pages[0]) and pages[0] != "1":
        return f"articles:page:{path}?page={pages[0]}"
    return None


def is_personal(request: HttpRequest) -> bool:
    """A signed-in user (a real session, not any cookie named like one) or another app's personal cookie."""
    session_key = request.COOKIES.get(settings.SESSION_COOKIE_NAME)
    # While the database is down a session not in the cache cannot be read: the shared page then,
    # kept or made, rather than a 500 (a session only editors have; any junk cookie looks alike).
    if session_key and outages.should_try(outages.DATABASE):
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        try:
            signed_in = session.get(SESSION_KEY) is not None
        except UNAVAILABLE as error:
            if not is_outage(error):
                raise
            outages.failed(outages.DATABASE, error)
            signed_in = False
        if signed_in:
            request.page_cache_session = session  # read once: SessionMiddleware below takes it
            return True
    return any(check(request) for check in personal_request_checks)


def _digest(content: bytes) -> str:
    return hashlib.blake2b(content, digest_size=12).hexdigest()


def _etag(digest: str) -> str:
    # Pages carry a form time-stamped when served (see feedback.middleware); a browser's copy is
    # confirmed current only within one PAGE_ETAG_SECONDS period, so its stamp never gets too old.
    return f'W/"{digest}-{int(time.time() // settings.PAGE_ETAG_SECONDS)}"'


def _matches(request: HttpRequest, etag: str) -> bool:
    wanted = request.META.get("HTTP_IF_NONE_MATCH")  # META: no header dict built
    return bool(wanted) and etag in (tag.strip() for tag in wanted.split(","))


@dataclass(frozen=True, slots=True)
class StoredPage:
    """A page as kept: the tags it depends on and their versions when it was made, the instant
    after which it must be made again whatever happens (a scheduled publication), its bytes;
    when it was made, and for a database outage (`articles.stale`) the articles it shows with
    their live versions and the earliest end of their live windows."""

    tags: tuple[str, ...]
    versions: tuple[int, ...]
    valid_until: float | None
    digest: str
    content: bytes
    content_type: str = HTML  # an HTML page, or the feed's or the sitemap's XML
    made_at: float | None = None
    ends_at: float | None = None
    shown: tuple[tuple[int, int], ...] = ()  # (article id, live version or 0)

    def is_current(self) -> bool:
        now = time.time()
        if self.valid_until is not None and now >= self.valid_until:
            return False
        # None in a page kept by a server of the release before this field: the cache's timeout
        # was then its lifetime.
        made_at = getattr(self, "made_at", None)
        if made_at is not None and now - made_at >= settings.PAGE_CACHE_SECONDS:
            return False
        return versions(self.tags) == self.versions


# Each server process keeps the pages it served last: a hit then costs no transfer of the page.
# A page is used only while its versions are the current ones, so this copy is never stale.
_process_pages: dict[str, StoredPage] = {}
PROCESS_PAGES_MAX = 256


def _stored_page(key: str) -> StoredPage | None:
    local = _process_pages.get(key)
    if local is not None and local.is_current():
        return local
    shared = cache.get(key)
    if not isinstance(shared, StoredPage) or not shared.is_current():
        return None
    _keep_in_process(key, shared)
    return shared


def _last_copy(key: str | None) -> StoredPage | None:
    """The page kept under `key`, current or not: the shared cache's, else this process's (the
    cache may be down too)."""
    if key is None:
        return None
    try:
        shared = cache.get(key)
    except Exception:
        shared = None
    return shared if isinstance(shared, StoredPage) else _process_pages.get(key)


def _forget(key: str) -> None:
    """The address no longer answers this page (gone, moved): no copy of it is served in an outage."""
    _process_pages.pop(key, None)
    cache.delete(key)


def _store(key: str, response: HttpResponse, started: int) -> StoredPage:
    """Keep the page unless one of its tags changed after the view started reading: the page may
    then show the data from before that change, and is not kept under the version after it.
    Versions are wall-clock change times, so the servers' clocks must agree (NTP) to within the
    time a page takes to make."""
    tags = (SITE, *getattr(response, "page_tags", ()))
    page = StoredPage(
        tags,
        versions(tags),
        getattr(response, "page_valid_until", None),
        _digest(response.content),
        response.content,
        response["Content-Type"],
        made_at=time.time(),
        ends_at=getattr(response, "page_ends_at", None),
        shown=getattr(response, "page_shown", ()),
    )
    if max(page.versions) <= started:
        # Its usual lifetime is checked from `made_at`: the cache keeps it longer for an outage.
        cache.set(key, page, settings.PAGE_CACHE_SECONDS + settings.PAGE_STALE_SECONDS)
        _keep_in_process(key, page)
    return page


def _keep_in_process(key: str, page: StoredPage) -> None:
    if len(_process_pages) >= PROCESS_PAGES_MAX:
        _process_pages.clear()
    _process_pages[key] = page


def _shared_response(request: HttpRequest, page: StoredPage) -> HttpResponse:
    etag = _etag(page.digest)
    if _matches(request, etag):
        response = HttpResponseNotModified()
    else:
        # None in a page kept by a server of the release before this field (still running while a
        # deploy's migrate makes the pages before it stale): it was HTML.
        response = HttpResponse(page.content, content_type=getattr(page, "content_type", HTML))
    response["ETag"] = etag
    # Browsers revalidate every visit, so a change is seen at once; a CDN keeps the page, named
    # by its tags, until a publication purges it or its next scheduled switch (Vary: Cookie).
    return cdn_headers.share(response, page.tags, page.valid_until)


def _is_shareable(request: HttpRequest) -> bool:
    return request.method in ("GET", "HEAD") and not is_personal(request)


class PageCacheMiddleware:
    """Answer a reader's request for a cached page before any per-user middleware runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.page_cache_shared = _is_shareable(request)
        if request.page_cache_shared:
            request.get_host()  # a host not in ALLOWED_HOSTS is refused (400), cached page or not
            key = page_key(request.path, request.META.get("QUERY_STRING", ""))
            if key is not None and (page := _stored_page(key)) is not None:
                return _shared_response(request, page)
            request.page_cache_missed = key  # the view's wrapper need not look for it again
        return self.get_response(request)


# True while a view runs under `cached_page`: what it makes may be kept and shared, so no part of
# it may fall back to defaults because the database failed (see site_pages.site_wide).
making_page: ContextVar[bool] = ContextVar("making_page", default=False)


def _view_or_kept_copy(
    view: Callable[..., HttpResponse], request: HttpRequest, key: str | None, *args, **kwargs
) -> tuple[HttpResponse, bool]:
    """The view's response and True; or, when the database does not answer (now, or still within
    the outage's retry wait, when it is not tried), the copy kept under `key` or the 503 page, and
    False. The outage is recorded once (`operations.outages`), never logged per request."""
    if not outages.should_try(outages.DATABASE):
        return stale.answer(_last_copy(key)), False
    making = making_page.set(True)
    try:
        return view(request, *args, **kwargs), True
    except UNAVAILABLE as error:
        if not is_outage(error):
            raise
        outages.failed(outages.DATABASE, error)
        return stale.answer(_last_copy(key)), False
    finally:
        making_page.reset(making)


def cached_page(view: Callable[..., HttpResponse] | None = None, *, paginated: bool = False):
    """Share the view's page with every reader, or mark it private when made for one person.

    Only a `paginated` view's page number is part of the key; the view refuses the numbers it
    has no page for, so there are never more entries than pages. While the database does not
    answer, everyone gets the kept copy of the shared page, or the 503 page (`articles.stale`).
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            key = f"articles:page:{request.path}"
            if paginated:
                # None: not a page number; the view refuses it, and nothing is kept.
                key = page_key(request.path, request.META.get("QUERY_STRING", ""))
            if not getattr(request, "page_cache_shared", False):
                response, made = _view_or_kept_copy(view, request, key, *args, **kwargs)
                if made:
                    response["Cache-Control"] = "private, no-store"
                    patch_vary_headers(response, ["Cookie"])
                return response
            if key is None:
                return _view_or_kept_copy(view, request, key, *args, **kwargs)[0]
            page = None if key == getattr(request, "page_cache_missed", None) else _stored_page(key)
            if page is None:
                started = time.time_ns()
                try:
                    response, made = _view_or_kept_copy(view, request, key, *args, **kwargs)
                except Http404:
                    _forget(key)
                    raise
                if not made:
                    return response
                if response.status_code != 200:
                    _forget(key)
                    return response
                page = _store(key, response, started)
            return _shared_response(request, page)

        return wrapper

    return decorator if view is None else decorator(view)


class SessionMiddleware(DjangoSessionMiddleware):
    """Django's, taking the session PageCacheMiddleware has just read to recognise a signed-in
    user, so a signed-in page reads it from the cache once, not twice."""

    def process_request(self, request: HttpRequest) -> None:
        session = getattr(request, "page_cache_session", None)
        if session is None:
            super().process_request(request)
        else:
            request.session = session
