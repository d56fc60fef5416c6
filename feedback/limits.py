"""What the site remembers about a client between two posts: how many it sent in this window,
and a fingerprint of its last comment on each article.

The client is known only by a keyed hash of its address. With REDIS_URL both live in Redis, whose
INCR and SET ... GET are atomic and which evicts nothing here; otherwise in database rows written
by one atomic statement each, never in the file cache, which culls entries when it is full and can
be cleared.

When Redis fails, or is skipped while its outage waits for its next try (see
operations/resilient_cache.py), both move to the database rows; when the database fails too, they
fail open: the post counts as within the limit and not a repeat. Open beats closed for a health
site's feedback form. A reader's opinion on medical content (an error spotted, a passage not
understood) is worth more than a few spam rows, and the spam that gets through is still caught by
the other layers (honeypot, timer, origin check), flagged and shown to the editors, who set it
aside; closed would refuse every reader for as long as the outage lasts. Each fallback is counted
in the operators' report (operations/outages.py) and logged once per outage, not per post.
"""

import hashlib
import logging
import math
import time
import unicodedata
from collections.abc import Callable
from datetime import UTC, datetime
from functools import cache as memoize
from typing import TypeVar

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection

from feedback.models import LastComment, PostCount
from operations import outages, resilient_cache

logger = logging.getLogger(__name__)

T = TypeVar("T")


class DatabaseUnavailable(Exception):
    """The database was not tried (an outage waits for its next try) or did not answer."""


def over_rate_limit(client: str, now: float | None = None) -> bool:
    """Count one post for `client`; True once it has sent more than the limit in this window.

    Windows are consecutive slices of FEEDBACK_RATE_WINDOW seconds; a count lives exactly until
    the end of its slice. A limit or a window of 0 lifts the rate limit.
    """
    limit, window = settings.FEEDBACK_RATE_LIMIT, settings.FEEDBACK_RATE_WINDOW
    if not limit or not window:
        return False
    now = time.time() if now is None else now
    start = int(now // window) * window
    if settings.REDIS_URL:
        try:
            return resilient_cache.call(_count_in_redis, client, start, start + window) > limit
        except resilient_cache.CacheUnavailable:
            _fell_back(outages.CACHE, "rate limit on database")
    try:
        return _in_database(_count_in_database, client, start, start + window, now) > limit
    except DatabaseUnavailable:
        _fell_back(outages.DATABASE, "rate limit open")
        return False


def _count_in_redis(client: str, start: int, end: int) -> int:
    key = cache.make_key(f"feedback:posts:{client}:{start}")
    # One MULTI/EXEC: the key never exists without its expiry, which is the window's end whatever
    # the number of posts (the cache API's incr would re-set it with the default timeout).
    pipe = _redis(settings.REDIS_URL, settings.REDIS_TIMEOUT).pipeline()
    pipe.incr(key)
    pipe.expireat(key, end)
    count, _ = pipe.execute()
    return count


def _count_in_database(client: str, start: int, end: int, now: float) -> int:
    adapt = connection.ops.adapt_datetimefield_value
    # One statement, so concurrent posts each get their own count (SQLite ≥ 3.35, PostgreSQL).
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO feedback_postcount (client, window_start, window_end, posts) VALUES (%s, %s, %s, 1) "
            "ON CONFLICT (client, window_start) DO UPDATE SET posts = feedback_postcount.posts + 1 RETURNING posts",
            [client, adapt(_utc(start)), adapt(_utc(end))],
        )
        (count,) = cursor.fetchone()
    if count == 1:  # a client's first post of a window clears the windows that have ended
        PostCount.objects.filter(window_end__lte=_utc(now)).delete()
    return count


def is_duplicate(client: str, article_id: int, comment: str, now: float | None = None) -> bool:
    """Remember `comment` as the client's last on this article for FEEDBACK_DUPLICATE_WINDOW
    seconds; True when it repeats the comment remembered before it. A window of 0 lifts the check."""
    words = comment_words(comment)
    window = settings.FEEDBACK_DUPLICATE_WINDOW
    if not words or not window:
        return False
    digest = hashlib.sha256(words.encode()).hexdigest()
    now = time.time() if now is None else now
    if settings.REDIS_URL:
        try:
            return resilient_cache.call(_repeated_in_redis, client, article_id, digest, now, now + window)
        except resilient_cache.CacheUnavailable:
            _fell_back(outages.CACHE, "duplicate check on database")
    try:
        return _in_database(_repeated_in_database, client, article_id, digest, now, now + window)
    except DatabaseUnavailable:
        _fell_back(outages.DATABASE, "duplicate check open")
        return False


def comment_words(comment: str) -> str:
    """The words of a comment, for comparing two of them: case, accents, punctuation, spacing and
    invisible characters do not count.

    Accents do not count because a phone keyboard or a bot drops or changes them for free, and a
    false match costs little: the comment is still stored, flagged "Doublon" for the editors.
    Punctuation separates words ("Merci.Bravo" is "Merci. Bravo"); format characters (U+200B and
    the like) are dropped, as a reader cannot see them.
    """
    decomposed = unicodedata.normalize("NFD", unicodedata.normalize("NFKC", comment).casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category.startswith("P"):
            kept.append(" ")
        elif category not in ("Mn", "Cf"):
            kept.append(char)
    return " ".join("".join(kept).split())


def _repeated_in_redis(client: str, article_id: int, digest: str, now: float, expires: float) -> bool:
    # Not the key the cache API used before: its pickled values would not parse here.
    key = cache.make_key(f"feedback:lastcomment:{client}:{article_id}")
    # The expiry travels with the digest, so the window ends at the same instant as in the database.
    previous = _redis(settings.REDIS_URL, settings.REDIS_TIMEOUT).set(
        key, f"{digest} {expires!r}", exat=math.ceil(expires), get=True
    )
    if previous is None:
        return False
    previous_digest, previous_expires = previous.decode().split()
    return previous_digest == digest and float(previous_expires) > now


def _repeated_in_database(client: str, article_id: int, digest: str, now: float, expires: float) -> bool:
    adapt = connection.ops.adapt_datetimefield_value
    # One statement reads the previous comment and records this one: the SET expressions see the
    # row as it was before the update.
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO feedback_lastcomment (client, article_id, digest, expires_at, repeated) "
            "VALUES (%s, %s, %s, %s, FALSE) ON CONFLICT (client, article_id) DO UPDATE SET "
            "digest = excluded.digest, expires_at = excluded.expires_at, repeated = "
            "(feedback_lastcomment.digest = excluded.digest AND feedback_lastcomment.expires_at > %s) "
            "RETURNING repeated",
            [client, article_id, digest, adapt(_utc(expires)), adapt(_utc(now))],
        )
        (repeated,) = cursor.fetchone()
    LastComment.objects.filter(expires_at__lte=_utc(now)).delete()
    return bool(repeated)


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


def _in_database(function: Callable[..., T], *args) -> T:
    """`function(*args)`, which reads and writes the database, unless the database is known down;
    DatabaseUnavailable when it is, or when it does not answer (recorded in `outages`)."""
    if not outages.should_try(outages.DATABASE):
        raise DatabaseUnavailable
    try:
        result = function(*args)
    except (OperationalError, InterfaceError) as error:
        outages.failed(outages.DATABASE, error)
        raise DatabaseUnavailable from error
    outages.answered(outages.DATABASE)
    return result


def _fell_back(part: str, what: str) -> None:
    if outages.fell_back(part, what):
        logger.warning(
            "feedback limits: %s, the %s being unavailable (counted, not logged again this outage)", what, part
        )


@memoize
def _redis(url: str, timeout: float) -> redis.Redis:
    # The cache's timeouts: a silent Redis costs a post REDIS_TIMEOUT, once per retry of the outage.
    return redis.Redis.from_url(url, socket_connect_timeout=timeout, socket_timeout=timeout)
