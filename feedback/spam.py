"""Spam layers for the feedback form. None of them blocks a real person for good.

The client is known only by a keyed hash of its address, held in the shared cache for the
length of a window; no address is ever written to the database.
"""

import hashlib
import hmac
import logging
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.http import HttpRequest

from operations.client_address import client_address

logger = logging.getLogger(__name__)

SHOWN_AT_SALT = "feedback.shown_at"
SHOWN_AT_PLACEHOLDER = "__feedback_shown_at__"


def client_key(request: HttpRequest) -> str:
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def sign_shown_at(now: float | None = None) -> str:
    return signing.Signer(salt=SHOWN_AT_SALT).sign(str(int(now if now is not None else time.time())))


def posted_too_fast(token: str | None, now: float | None = None) -> bool:
    """True when the form came back sooner than a person can read and answer it, or forged."""
    if not settings.FEEDBACK_MIN_SECONDS:
        return False
    try:
        shown_at = int(signing.Signer(salt=SHOWN_AT_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return True
    return (now if now is not None else time.time()) - shown_at < settings.FEEDBACK_MIN_SECONDS


def over_rate_limit(client: str) -> bool:
    """Count one post for `client`; True once it has sent more than the limit in this window."""
    limit, window = settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_WINDOW
    if not limit or not window:
        return False
    key = f"feedback:rate:{client}:{int(time.time() // window)}"
    cache.add(key, 0, window)
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, window)
        count = 1
    return count > limit


def is_duplicate(client: str, article_id: int, comment: str) -> bool:
    """True when this client sent this very comment on this article just before."""
    normalised = " ".join(comment.split()).casefold()
    if not normalised or not settings.FEEDBACK_DUPLICATE_WINDOW:
        return False
    digest = hashlib.sha256(normalised.encode()).hexdigest()
    key = f"feedback:last:{client}:{article_id}"
    previous = cache.get(key)
    cache.set(key, digest, settings.FEEDBACK_DUPLICATE_WINDOW)
    return previous == digest


def count_refused(reason: str) -> None:
    """Posts we refuse without storing them are counted, so none disappears unseen."""
    key = f"feedback:refused:{reason}"
    cache.add(key, 0, None)
    cache.incr(key)
    logger.warning("feedback refused: %s", reason)


def refused_counts() -> dict[str, int]:
    reasons = ("rate_limit", "honeypot", "timer")
    counts = cache.get_many([f"feedback:refused:{r}" for r in reasons])
    return {r: counts.get(f"feedback:refused:{r}", 0) for r in reasons}
