"""Whole-page cache for anonymous readers, invalidated by every content change.

Each cached page is stored with the site-wide content version it was made from. Saving or
deleting any article or section moves the version on, so every cached page (including pages
whose "À lire aussi" teaser points at the changed article) is remade at the very next request,
in every server process that shares the cache.
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
        and set(request.GET) <= PAGE_PARAMETERS
    )


def cached_for_anonymous(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve the page from the shared cache, or answer 304 when the reader's copy is current.

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
        # One round trip for both: the current content version and the page with its version.
        found = cache.get_many([VERSION_KEY, key])
        version = found.get(VERSION_KEY) or bump_content_version()
        etag = f'W/"{version}"'
        cached_version, content = found.get(key, (None, None))
        if etag in request.headers.get("If-None-Match", ""):
            response = HttpResponseNotModified()
        elif cached_version == version:
            response = HttpResponse(content)
        else:
            response = view(request, *args, **kwargs)
            if response.status_code != 200:
                return response
            cache.set(key, (version, response.content), settings.PAGE_CACHE_SECONDS)
        response["ETag"] = etag
        response["Cache-Control"] = "no-cache"
        patch_vary_headers(response, ["Cookie"])
        return response

    return wrapper
