"""The health check a load balancer polls, and the operators' detailed one.

`/healthz` asks "can this server serve readers?": yes while the database answers (without the
cache pages are made from it), and while the cache answers (it holds the pages readers ask for
most); no when neither does. A load balancer that took a server out for a cache outage would take
every server out at once, for a part they all share. Details go to the log only.

`/healthz/detail` tells an operator which part is down since when, and what the site did without
it (operations/outages.py), as JSON. It answers only a request carrying
`Authorization: Bearer <HEALTH_CHECK_TOKEN>`, or when no token is set, one made on the server
itself (from 127.0.0.1 or ::1, and through no proxy); anyone else gets the site's 404.
"""

import hmac
import logging
from collections.abc import Callable

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache

from operations import outages

logger = logging.getLogger(__name__)

LOOPBACK = ("127.0.0.1", "::1")
# Set by a proxy on the request it passes on: a request with one is not the server's own, even
# from 127.0.0.1 (nginx on the same machine connects from there for every reader).
FORWARDING_HEADERS = ("HTTP_X_FORWARDED_FOR", "HTTP_FORWARDED", "HTTP_X_REAL_IP")


def database_answers() -> bool:
    """Whether the database answers now, as this process sees it: a database known down is not
    tried before its retry time, and a failure starts or extends its outage (one log line)."""
    if not outages.should_try(outages.DATABASE):
        return False
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except Exception as error:  # whatever the reason, the database did not answer
        outages.failed(outages.DATABASE, error)
        return False
    outages.answered(outages.DATABASE)
    for then in outages.on_database_answering:  # e.g. the opinions spooled during an outage are stored
        then()
    return True


def cache_answers() -> bool:
    """Whether the cache gives back what it was given; with Redis, through its guard (an outage's
    retry times, one log line per outage)."""
    try:
        cache.set("healthz", "ok", 10)
        return cache.get("healthz") == "ok"
    except Exception:  # the file cache's disk, full or gone
        logger.exception("health check: the cache failed")
        return False


def _state() -> tuple[bool, bool, bool]:
    database, shared_cache = database_answers(), cache_answers()
    return database, shared_cache, database or shared_cache


@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 while this server can serve readers (the database or the cache answers), 503 otherwise."""
    if _state()[2]:
        return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")
    response = HttpResponse("indisponible\n", status=503, content_type="text/plain; charset=utf-8")
    # operations.outages logs each outage once: not Django's "Service Unavailable" at every probe.
    response._has_been_logged = True
    return response


@never_cache
def healthz_detail(request: HttpRequest) -> HttpResponse:
    database, shared_cache, serving = _state()
    body = {
        "database": "up" if database else "down",
        "cache": "up" if shared_cache else "down",
        "serving": serving,
        **outages.report(),
    }
    response = JsonResponse(body, status=200 if serving else 503)
    response._has_been_logged = True  # as for /healthz
    return response


def is_operator(request: HttpRequest) -> bool:
    """The bearer of HEALTH_CHECK_TOKEN; when none is set, a request made on the server itself."""
    token = settings.HEALTH_CHECK_TOKEN
    if token:
        scheme, _, given = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
        return scheme.lower() == "bearer" and hmac.compare_digest(given.strip().encode(), token.encode())
    forwarded = any(request.META.get(header) for header in FORWARDING_HEADERS)
    return request.META.get("REMOTE_ADDR") in LOOPBACK and not forwarded


class HealthCheckMiddleware:
    """Answer the health checks before anything reads the Host header.

    A load balancer probes each server over plain HTTP at the server's own address
    (`Host: 10.0.0.7:8000`): ALLOWED_HOSTS would answer it 400 and the HTTPS redirect 301.
    Placed right after SecurityMiddleware (which exempts the paths from its redirect through
    SECURE_REDIRECT_EXEMPT), so a probe over HTTPS still gets HSTS. A request for the detail from
    anyone but an operator goes on like any other, to the site's 404.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        if request.path_info == "/healthz/detail" and is_operator(request):
            return healthz_detail(request)
        return self.get_response(request)
