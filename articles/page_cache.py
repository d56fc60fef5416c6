"""Whole-page cache for anonymous readers, invalidated by every content change.

Each cached page is stored with the site-wide content version it was made from and an ETag
computed from its own bytes, in the shared cache and in the serving process. Saving or deleting
any article or section, or restoring the database, moves the version on, so every cached page
(including pages whose "À lire aussi" teaser points at the changed article) is remade at the very
next request, in every server process that shares the cache.

Two pieces work together:
- `PageCacheMiddleware` sits before the middleware that only signed-in users need (sessions,
  authentication, messages, lock-out) and answers a hit at once;
- `cached_page` wraps the views whose pages may be shared: it stores what they render and marks
  what they render for one person (`private, no-store`).

A request is a reader's (shared) unless it carries a real signed-in session or a cookie that
another app declares personal (`personal_request_checks`, filled at start-up): a junk cookie
gets the shared page like anyone else.
"""

import hashlib
import re
import time
from collections.abc import Callable
from functools import wraps
from importlib import import_module
from urllib.parse import parse_qs

from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.contrib.sessions.middleware import SessionMiddleware as DjangoSessionMiddleware
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

VERSION_KEY = "articles:content-version"
PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,5}")

# Other apps add a test here for a cookie of theirs that makes a page personal (its value checked,
# not only its name: an invalid cookie does not get the slow, personal path).
personal_request_checks: list[Callable[[HttpRequest], bool]] = []


# The content version, read from the shared cache at most once per PAGE_VERSION_MEMO_SECONDS in
# each process (0: every request). A save elsewhere reaches this process's readers within that
# time; the process that saves sees it at once.
_memo: dict[str, float | int] = {"version": 0, "read_at": float("-inf")}


def _remember_version(version: int) -> int:
    _memo["version"], _memo["read_at"] = version, time.monotonic()
    return version


def bump_content_version() -> int:
    version = time.time_ns()
    cache.set(VERSION_KEY, version, None)
    return _remember_version(version)


def content_version() -> int:
    if time.monotonic() - _memo["read_at"] < settings.PAGE_VERSION_MEMO_SECONDS:
        return int(_memo["version"])
    return _remember_version(cache.get(VERSION_KEY) or bump_content_version())


def invalidate_pages() -> None:
    """Make every cached page stale: now, and again once the change is committed (a page
    rendered from the old rows between the two would otherwise be cached under the new version)."""
    bump_content_version()
    transaction.on_commit(bump_content_version)


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
    if session_key:
        session = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
        if session.get(SESSION_KEY) is not None:
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


# A stored page: the content version it was made from, the digest of its bytes, its bytes.
Page = tuple[int, str, bytes]

# Each server process keeps the pages it served last: a hit then costs no transfer of the page.
# A page is used only while its version is the current one, so this copy is never stale.
_process_pages: dict[str, Page] = {}
PROCESS_PAGES_MAX = 256


def _stored_page(key: str, version: int) -> Page | None:
    local = _process_pages.get(key)
    if local is not None and local[0] == version:
        return local
    shared = cache.get(key)
    if shared is None or shared[0] != version:
        return None
    _keep_in_process(key, shared)
    return shared


def _store(key: str, version: int, content: bytes) -> Page:
    page = (version, _digest(content), content)
    cache.set(key, page, settings.PAGE_CACHE_SECONDS)
    _keep_in_process(key, page)
    return page


def _keep_in_process(key: str, page: Page) -> None:
    if len(_process_pages) >= PROCESS_PAGES_MAX:
        _process_pages.clear()
    _process_pages[key] = page


def _shared_response(request: HttpRequest, page: Page) -> HttpResponse:
    _, digest, content = page
    etag = _etag(digest)
    response = HttpResponseNotModified() if _matches(request, etag) else HttpResponse(content)
    response["ETag"] = etag
    response["Cache-Control"] = "no-cache"  # browsers revalidate every visit: a change is seen at once
    patch_vary_headers(response, ["Cookie"])
    return response


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
            if key is not None and (page := _stored_page(key, content_version())) is not None:
                return _shared_response(request, page)
            request.page_cache_missed = key  # the view's wrapper need not look for it again
        return self.get_response(request)


def cached_page(view: Callable[..., HttpResponse] | None = None, *, paginated: bool = False):
    """Share the view's page with every reader, or mark it private when made for one person.

    Only a `paginated` view's page number is part of the key; the view refuses the numbers it
    has no page for, so there are never more entries than pages.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not getattr(request, "page_cache_shared", False):
                response = view(request, *args, **kwargs)
                response["Cache-Control"] = "private, no-store"
                patch_vary_headers(response, ["Cookie"])
                return response
            key = f"articles:page:{request.path}"
            if paginated:
                key = page_key(request.path, request.META.get("QUERY_STRING", ""))
                if key is None:  # not a page number: the view refuses it, and nothing is kept
                    return view(request, *args, **kwargs)
            version = content_version()
            page = None if key == getattr(request, "page_cache_missed", None) else _stored_page(key, version)
            if page is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200:
                    return response
                page = _store(key, version, response.content)
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
