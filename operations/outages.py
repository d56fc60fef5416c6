"""Which shared part (the cache, the database) this server process finds down now.

A part that fails is marked down with the time to try it again: the first retry comes after
RETRY_SECONDS[0], then each further failure waits the next step (1, 2, 5, 10, 10 … seconds), so a
server stops paying a connect timeout on every request while the part is away and finds it again
within seconds of its return. Until its retry time, callers skip the part (`should_try` is False)
and take their fallback: render without the cache, serve a kept page, spool an opinion.

The log gets one line when an outage starts and one when it ends, per process, never a traceback
per request. What callers did instead while a part was down (a rate limit left open, an opinion
spooled) is counted here and reported by the operators' health check and the end-of-outage line.
"""

import logging
import threading
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field

logger = logging.getLogger(__name__)

CACHE = "cache"
DATABASE = "database"
PARTS = (CACHE, DATABASE)

# Seconds before the next try of a part found down, by number of failures in a row.
RETRY_SECONDS = (1.0, 2.0, 5.0, 10.0)


@dataclass
class Outage:
    started_at: float  # wall clock, for the operators' report
    started: float  # monotonic, for durations
    retry_at: float  # monotonic
    failures: int = 1
    error: str = ""
    fallbacks: Counter = field(default_factory=Counter)


_lock = threading.Lock()
_outages: dict[str, Outage] = {}
# What callers did instead of using a part, over the life of the process (see `fell_back`).
_fallbacks: Counter = Counter()
# Other apps add what the operators' report should show of theirs (name: a function giving it),
# at start-up, e.g. the number of opinions waiting in a spool.
extra_reports: dict[str, Callable[[], object]] = {}
# What other apps do when the health check finds the database answering, at start-up, e.g. store
# the opinions spooled while it was away. Each must not raise.
on_database_answering: list[Callable[[], None]] = []


def _describe(error: BaseException) -> str:
    # The first line only: a driver's message can span lines (libpq adds hints).
    message = str(error).strip().splitlines()[0] if str(error).strip() else ""
    return f"{type(error).__name__}: {message}" if message else type(error).__name__


def failed(part: str, error: BaseException) -> None:
    """Record that a call to `part` failed: the outage starts (one log line) or goes on, and the
    next try waits longer."""
    now = time.monotonic()
    with _lock:
        outage = _outages.get(part)
        if outage is None:
            _outages[part] = Outage(time.time(), now, now + RETRY_SECONDS[0], error=_describe(error))
            logger.error(
                "outage start: %s unavailable (%s); retrying in %.0f s", part, _describe(error), RETRY_SECONDS[0]
            )
            return
        outage.failures += 1
        outage.error = _describe(error)
        outage.retry_at = now + RETRY_SECONDS[min(outage.failures, len(RETRY_SECONDS)) - 1]


def answered(part: str) -> None:
    """Record that a call to `part` succeeded: an outage in progress ends (one log line)."""
    if part not in _outages:  # the common case, without the lock
        return
    with _lock:
        outage = _outages.pop(part, None)
    if outage is not None:
        done = ", ".join(f"{what} {count}" for what, count in sorted(outage.fallbacks.items())) or "none"
        logger.warning(
            "outage end: %s available again after %.1f s (%d failed tries; fallbacks: %s)",
            part,
            time.monotonic() - outage.started,
            outage.failures,
            done,
        )


def is_down(part: str) -> bool:
    return part in _outages


def should_try(part: str) -> bool:
    """False while `part` is down and its retry time has not come: callers take their fallback at once."""
    outage = _outages.get(part)
    return outage is None or time.monotonic() >= outage.retry_at


def fell_back(part: str, what: str) -> bool:
    """Count one time a caller did without `part` (`what`: "rate limit open", "opinion spooled" …).

    True the first time of this `what` in this outage, for a caller to log it once, not per request."""
    with _lock:
        _fallbacks[what] += 1
        outage = _outages.get(part)
        if outage is None:
            return False
        outage.fallbacks[what] += 1
        return outage.fallbacks[what] == 1


def report() -> dict:
    """This process's view, for the operators' health check: each part down since when and why,
    the fallbacks counted since the process started, and the other apps' `extra_reports`."""
    now = time.monotonic()
    with _lock:
        down = {
            part: {
                "since": outage.started_at,
                "seconds": round(now - outage.started, 1),
                "failed_tries": outage.failures,
                "error": outage.error,
            }
            for part, outage in _outages.items()
        }
        fallbacks = dict(_fallbacks)
    return {"down": down, "fallbacks": fallbacks, **{name: give() for name, give in extra_reports.items()}}


def reset() -> None:
    """Forget every outage and count (tests)."""
    with _lock:
        _outages.clear()
        _fallbacks.clear()
