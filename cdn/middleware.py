from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from cdn.headers import keep_private, must_stay_private


class SharedCacheMiddleware:
    """The last word on what a shared cache may keep: first in MIDDLEWARE, so it sees every
    response, the cookies the session and CSRF middleware set and the error pages included."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if must_stay_private(request, response):
            keep_private(response)
        return response
