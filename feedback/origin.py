"""Cross-site post protection without a per-reader token.

The feedback form sits on pages cached whole for every reader, so it cannot carry Django's
per-reader CSRF token. Instead, like Go's `http.CrossOriginProtection`, we trust what every
current browser says about where a post comes from: `Sec-Fetch-Site`, or else `Origin`.
A post that carries neither is refused too: no browser of the last five years sends one.
"""

from django.conf import settings
from django.http import HttpRequest


def is_same_origin(request: HttpRequest) -> bool:
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site is not None:
        return fetch_site in ("same-origin", "none")
    origin = request.headers.get("Origin")
    if origin is None or origin == "null":
        return False
    return origin == f"{request.scheme}://{request.get_host()}" or origin in settings.CSRF_TRUSTED_ORIGINS
