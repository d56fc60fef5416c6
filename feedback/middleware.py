from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from feedback.spam import SHOWN_AT_PLACEHOLDER, sign_shown_at

PLACEHOLDER = SHOWN_AT_PLACEHOLDER.encode()


class FormTimestampMiddleware:
    """Stamp the feedback form with the time it was served.

    Pages are cached whole, so the form's timestamp cannot be baked into them: the cached page
    holds a placeholder and each response gets a fresh signed time (one HMAC, no query).
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if (
            not response.streaming
            and response.get("Content-Type", "").startswith("text/html")
            and PLACEHOLDER in response.content
        ):
            response.content = response.content.replace(PLACEHOLDER, sign_shown_at().encode())
            if response.has_header("Content-Length"):  # set by inner middleware for the shorter page
                response["Content-Length"] = str(len(response.content))
        return response
