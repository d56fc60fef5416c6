"""The health check a load balancer polls."""

import logging
from collections.abc import Callable

from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.views.decorators.cache import never_cache

logger = logging.getLogger(__name__)


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database and the cache answer, 503 otherwise; details go to the log only."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        cache.set("healthz", "ok", 10)
        if cache.get("healthz") != "ok":
            raise RuntimeError("cache did not return what was stored")
    except Exception:
        logger.exception("health check failed")
        return HttpResponse("indisponible\n", status=503, content_type="text/plain; charset=utf-8")
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


class HealthCheckMiddleware:
    """Answer the health check before anything reads the Host header.

    A load balancer probes each server over plain HTTP at the server's own address
    (`Host: 10.0.0.7:8000`): ALLOWED_HOSTS would answer it 400 and the HTTPS redirect 301.
    Placed right after SecurityMiddleware (which exempts the path from its redirect through
    SECURE_REDIRECT_EXEMPT), so a probe over HTTPS still gets HSTS.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)
