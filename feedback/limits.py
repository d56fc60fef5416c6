"""What the site remembers about a client between two posts: how many it sent in this window.

The client is known only by a keyed hash of its address. With REDIS_URL the count lives in Redis,
whose INCR is atomic and which evicts nothing here; otherwise in a database row updated by one
atomic statement, never in the file cache, which culls entries when it is full and can be cleared.
"""

import time
from datetime import UTC, datetime
from functools import cache as memoize

import redis
from django.conf import settings
from django.core.cache import cache
from django.db import connection

from feedback.models import PostCount


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
        return _count_in_redis(client, start, start + window) > limit
    return _count_in_database(client, start, start + window, now) > limit


def _count_in_redis(client: str, start: int, end: int) -> int:
    key = cache.make_key(f"feedback:posts:{client}:{start}")
    # One MULTI/EXEC: the key never exists without its expiry, which is the window's end whatever
    # the number of posts (the cache API's incr would re-set it with the default timeout).
    pipe = _redis(settings.REDIS_URL).pipeline()
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


def _utc(timestamp: float) -> datetime:
    return datetime.fromtimestamp(timestamp, tz=UTC)


@memoize
def _redis(url: str) -> redis.Redis:
    return redis.Redis.from_url(url)
