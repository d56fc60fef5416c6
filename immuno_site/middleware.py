from collections.abc import Callable

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Tell browsers this site never uses the camera, location and other powerful features."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


class UnknownCharsetMiddleware:
    """Answer 400 to a request whose declared charset cannot decode text.

    Django decodes the query string and the body in the charset the client declares; one it
    cannot decode with (`charset=rot13`, `charset=undefined`) would otherwise end in a 500 wherever
    the body is first read, the admin's CSRF check included. An unknown name (`charset=nope`)
    is refused too rather than silently read as UTF-8.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        charset = request.content_params.get("charset")
        if charset is not None and not _decodes_text(charset):
            raise BadRequest(f"Unknown charset {charset!r}.")
        return self.get_response(request)


def _decodes_text(name: str) -> bool:
    try:
        str(b"x", name, "replace")  # as Django decodes field names and values
    except (LookupError, UnicodeError):
        return False
    return True
