"""What a shared cache (a CDN, Varnish) may keep of a response, and the keys naming what a page shows.

A page every reader gets the same is `public` with `s-maxage` for shared caches and `max-age=0`
for browsers, which ask again at every visit (ETag, 304, answered by the CDN): a correction is
seen at once, and a reader who has just sent an opinion gets the page with the thanks. The
shared cache keeps it at most CDN_MAX_AGE seconds and never past the page's next scheduled
publication or end of publication. Its keys, in `Surrogate-Key` (Fastly, Varnish) and
`Cache-Tag` (Cloudflare), are the page cache's own tags (`article:12` becomes `article-12`), so
publishing purges exactly the pages it makes stale (`cdn.purge`).

`stale-if-error` lets the CDN keep answering with a page it holds while the site is down: a
reader then gets the reviewed article rather than an error. It never stretches past the next
scheduled switch, and a purged page is gone, not stale, so it cannot bring back a withdrawn
article. No `stale-while-revalidate`: browsers honour it too (Chrome, Firefox), and one could
then show a page from its own cache after a correction or instead of the thanks; what it would
save, one quick origin answer per page per CDN_MAX_AGE, is not worth that.

Everything else is `private, no-store` unless its view said otherwise: `SharedCacheMiddleware`
has the last word.
"""

import math
import time
from collections.abc import Iterable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

PRIVATE = "private, no-store"
KEY_HEADERS = ("Surrogate-Key", "Cache-Tag")


def keys(tags: Iterable[str]) -> list[str]:
    """The page cache's tags as CDN keys (letters, digits and `-` only: every CDN takes them), once each."""
    return list(dict.fromkeys(tag.replace(":", "-") for tag in tags))


def shared_cache_control(valid_until: float | None, seconds: int, stale_if_error: int, now: float | None = None) -> str:
    """`public, max-age=0, s-maxage=…`: kept `seconds` by a shared cache, never past `valid_until`."""
    left = math.inf if valid_until is None else valid_until - (time.time() if now is None else now)
    s_maxage = int(max(0, min(seconds, left)))  # rounded down: never a second too long
    directives = ["public", "max-age=0", f"s-maxage={s_maxage}"]
    stale = int(max(0, min(stale_if_error, left - s_maxage)))
    if stale:
        directives.append(f"stale-if-error={stale}")
    return ", ".join(directives)


def share(
    response: HttpResponse,
    tags: Iterable[str],
    valid_until: float | None,
    seconds: int | None = None,
    stale_if_error: int | None = None,
) -> HttpResponse:
    """Let shared caches keep this response, named by the keys of `tags`; never give it for a
    request with a cookie (Vary), which may get another page (the thanks, an editor's view)."""
    seconds = settings.CDN_MAX_AGE if seconds is None else seconds
    stale_if_error = settings.CDN_STALE_IF_ERROR if stale_if_error is None else stale_if_error
    response["Cache-Control"] = shared_cache_control(valid_until, seconds, stale_if_error)
    names = keys(tags)
    response["Surrogate-Key"] = " ".join(names)
    response["Cache-Tag"] = ",".join(names)
    patch_vary_headers(response, ["Cookie"])
    return response


def keep_private(response: HttpResponse) -> HttpResponse:
    response["Cache-Control"] = PRIVATE
    for name in KEY_HEADERS:
        response.headers.pop(name, None)
    return response


def must_stay_private(request: HttpRequest, response: HttpResponse) -> bool:
    """Whatever the view said: a response that sets a cookie, answers anything but a read, or
    reports a server error; a page of the site's content asked for with a cookie (the session, the
    CSRF token, the feedback cookie, or any other: a cache keyed on it would keep a copy only that
    browser can use); and a response nobody decided on."""
    if response.cookies or request.method not in ("GET", "HEAD") or response.status_code >= 500:
        return True
    if request.COOKIES and response.has_header("Surrogate-Key"):
        return True
    return not response.has_header("Cache-Control")
