"""One opinion per article per visit: the articles a reader sent an opinion on, in their session.

The session (and its cookie, gone when the browser closes) starts only once a reader posts.
"""

from django.conf import settings
from django.http import HttpRequest

from articles.models import Article

KEY = "feedback_sent"


def has_sent(request: HttpRequest, article: Article) -> bool:
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return False
    return article.pk in request.session.get(KEY, [])


def mark_sent(request: HttpRequest, article: Article) -> None:
    sent = request.session.get(KEY, [])
    if article.pk not in sent:
        request.session[KEY] = [*sent, article.pk]
