"""One opinion per article per visit: the articles a reader has sent an opinion on.

They are kept in a signed cookie that the browser drops when it closes, set only once the
reader posts. No session row is written for an anonymous reader, and the server keeps nothing.
"""

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from articles.models import Page

SALT = "feedback.sent"


def _sent_ids(request: HttpRequest) -> set[int]:
    value = request.get_signed_cookie(settings.FEEDBACK_SENT_COOKIE, default="", salt=SALT)
    return {int(pk) for pk in value.split(",") if pk.isdigit()}


def has_sent_cookie(request: HttpRequest) -> bool:
    """The reader has sent an opinion in this browser session: their pages are made for them."""
    return bool(_sent_ids(request)) if settings.FEEDBACK_SENT_COOKIE in request.COOKIES else False


def has_sent(request: HttpRequest, article: Page) -> bool:
    return settings.FEEDBACK_SENT_COOKIE in request.COOKIES and article.pk in _sent_ids(request)


def mark_sent(request: HttpRequest, response: HttpResponse, article: Page) -> None:
    ids = _sent_ids(request) | {article.pk}
    response.set_signed_cookie(
        settings.FEEDBACK_SENT_COOKIE,
        ",".join(map(str, sorted(ids))),
        salt=SALT,
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )
