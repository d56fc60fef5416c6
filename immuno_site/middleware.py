from collections.abc import Callable
from dataclasses import asdict

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject
from csp.middleware import CSPMiddleware as BaseCSPMiddleware
from csp.utils import build_policy
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


# What a view or decorator may set to change the policy of one response (django-csp's names).
PER_RESPONSE_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
)


class CSPMiddleware(BaseCSPMiddleware):
    """django-csp's, with the site-wide policy built once per process.

    Building it for every response took a third of the time of a cached page (a dataclass copy
    and two policy builds each time). A response with a policy of its own, a page that used a
    nonce, or a report-only policy still goes through django-csp as before.
    """

    _site_policy: str | None = None

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        if (
            getattr(request, "_csp_nonce", None) is not None
            or any(getattr(response, name, None) is not None for name in PER_RESPONSE_POLICY)
            or getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        ):
            return super().process_response(request, response)
        if not getattr(response, "_csp_exempt", False) and HEADER not in response:
            if self._site_policy is None:
                self._site_policy = build_policy(**asdict(self.get_policy_parts(request=request, response=response)))
            response[HEADER] = self._site_policy
        # As django-csp does: a nonce asked for after the header is written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response
