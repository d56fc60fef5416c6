"""Whole-page cache for anonymous readers, invalidated by every content change.

Each cached page is stored with the site-wide content version it was made from, in the shared
cache and in the serving process. Saving or deleting any article or section moves the version
on, so every cached page (including pages whose "À lire aussi" teaser points at the changed
article) is remade at the very next request, in every server process that shares the cache.
"""

import time
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.utils.cache import patch_vary_headers

VERSION_KEY = "articles:content-version"


def bump_content_version() -> int:
    version = time.time_ns()
    cache.set(VERSION_KEY, version, None)
    return version


def invalidate_pages() -> None:
    """Move the version on now, and again once the change is committed: a page rendered from
    the old rows between the two would otherwise be cached under the new version."""
    bump_content_version()
    transaction.on_commit(bump_content_version)


# Query parameters that change a page; any other (tracking tags, random strings) skips the
# cache, so nobody can fill it with variants of one page.
PAGE_PARAMETERS = {"page"}


def is_cacheable(request: HttpRequest) -> bool:
    """Only readers without a personal cookie: no staff view, no state such as a sent opinion."""
    return (
        request.method in ("GET", "HEAD")
        and not any(name in request.COOKIES for name in settings.PERSONAL_COOKIES)
        and (not request.META.get("QUERY_STRING") or set(request.GET) <= PAGE_PARAMETERS)
    )


# Each server process keeps the pages it served last, tagged with their content version: a hit
# then costs one small read of the shared version and no transfer of the page. A page is used
# only while its version is the current one, so this copy can never be stale.
_process_pages: dict[str, tuple[int, bytes]] = {}
PROCESS_PAGES_MAX = 256


def _page_content(key: str, version: int) -> bytes | None:
    local = _process_pages.get(key)
    if local is not None and local[0] == version:
        return local[1]
    shared_version, content = cache.get(key, (None, None))
    if shared_version != version:
        return None
    _keep_in_process(key, version, content)
    return content


def _keep_in_process(key: str, version: int, content: bytes) -> None:
    if len(_process_pages) >= PROCESS_PAGES_MAX:
        _process_pages.clear()
    _process_pages[key] = (version, content)


def cached_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the cache, or answer 304 when the reader's copy is current.

    Browsers revalidate on every visit (`no-cache` + ETag), so an editor's change is seen at
    the next request while an unchanged page costs one cache read and an empty 304.
    """

    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if not is_cacheable(request):
            response = view(request, *args, **kwargs)
            patch_vary_headers(response, ["Cookie"])
            return response
        key = f"articles:page:{request.get_full_path()}"
        version = cache.get(VERSION_KEY) or bump_content_version()
        etag = f'W/"{version}"'
        if etag in request.META.get("HTTP_IF_NONE_MATCH", ""):  # META: no header dict built
            response = HttpResponseNotModified()
        elif (content := _page_content(key, version)) is not None:
            response = HttpResponse(content)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            cache.set(key, (version, response.content), settings.PAGE_CACHE_SECONDS)
            _keep_in_process(key, version, response.content)
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
