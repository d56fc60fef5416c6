"""Spam layers for the feedback form. None of them blocks a real person for good.

The client is known only by a keyed hash of its address; no address is ever written to the
database. What is remembered about a client between posts is in feedback/limits.py.
"""

import hashlib
import hmac
import time

from django.conf import settings
from django.core import signing
from django.http import HttpRequest

from operations.client_address import client_address

SHOWN_AT_SALT = "feedback.shown_at"
SHOWN_AT_PLACEHOLDER = "__feedback_shown_at__"


def client_key(request: HttpRequest) -> str:
    address = client_address(request)
    return hmac.new(settings.SECRET_KEY.encode(), address.encode(), hashlib.sha256).hexdigest()[:32]


def sign_shown_at(now: float | None = None) -> str:
    return signing.Signer(salt=SHOWN_AT_SALT).sign(str(int(now if now is not None else time.time())))


def shown_at(token: str | None) -> int | None:
    """When the form was served, from its signed stamp; None for a forged or missing one."""
    try:
        return int(signing.Signer(salt=SHOWN_AT_SALT).unsign(token or ""))
    except (signing.BadSignature, ValueError):
        return None


def failed_timer(token: str | None, now: float | None = None) -> bool:
    """True when the form came back sooner than a person can read and answer it, or forged.

    Also when its stamp is older than FEEDBACK_STAMP_MAX_AGE: a stamp copied once from a page
    would otherwise pass the timer for ever.
    """
    if not settings.FEEDBACK_MIN_SECONDS:
        return False
    served = shown_at(token)
    if served is None:
        return True
    age = (now if now is not None else time.time()) - served
    too_old = bool(settings.FEEDBACK_STAMP_MAX_AGE) and age > settings.FEEDBACK_STAMP_MAX_AGE
    return age < settings.FEEDBACK_MIN_SECONDS or too_old
