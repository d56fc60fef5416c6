"""Tell the CDN to forget the pages a change made stale.

`articles.publishing` calls `request_purge(keys)` inside the transaction of the change. The keys
are written to `PendingPurge` in that same transaction: a change rolled back purges nothing, and
a purge is never lost, even if the server stops before sending it. Once the change is committed
a background thread of this process sends every pending purge, retrying a failure (refused
connection, time-out, 5xx, 429) ATTEMPTS times with back-off; the editor's request never waits
for the CDN. What still fails is logged as an error and stays pending: the next purge sends it
again, and so does `manage.py purge_pending` (run it from cron).

The thread first waits PAGE_VERSION_MEMO_SECONDS: until then another server process may still
answer the old page from its memory (`articles.page_cache`), and a CDN fetching the page again
at once would keep that old page.

CDN_PURGE_API says how the keys are sent, by POST to CDN_PURGE_URL with CDN_PURGE_TOKEN:
- `keys` (default, for a small endpoint of your own or a Varnish): JSON `{"keys": [...]}`, the
  same keys space-separated in a `Surrogate-Key` header, `Authorization: Bearer <token>`;
- `fastly` (`https://api.fastly.com/service/<service id>/purge`): JSON
  `{"surrogate_keys": [...]}`, `Fastly-Key: <token>`;
- `cloudflare` (`https://api.cloudflare.com/client/v4/zones/<zone id>/purge_cache`): JSON
  `{"tags": [...]}`, `Authorization: Bearer <token>`.
Any 2xx answer means done.
"""

import json
import logging
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterable
from dataclasses import dataclass
from http.client import HTTPException

from django.conf import settings
from django.db import connection, transaction
from django.db.models import F

from cdn.models import PendingPurge

logger = logging.getLogger(__name__)

ATTEMPTS = 3
BACKOFF_SECONDS = 1.0  # before the second try, doubled before each next one
TIMEOUT_SECONDS = 5.0  # per try: connecting and answering
KEYS_PER_REQUEST = 100  # Cloudflare takes 100 tags a request, Fastly 256 keys
ROWS_PER_ROUND = 500


@dataclass(frozen=True)
class Api:
    body_key: str
    auth_header: str
    auth_prefix: str
    key_header: bool  # the keys in a `Surrogate-Key` header too


APIS = {
    "keys": Api("keys", "Authorization", "Bearer ", key_header=True),
    "fastly": Api("surrogate_keys", "Fastly-Key", "", key_header=False),
    "cloudflare": Api("tags", "Authorization", "Bearer ", key_header=False),
}


class PurgeFailed(Exception):
    def __init__(self, reason: str, retry: bool) -> None:
        super().__init__(reason)
        self.retry = retry


def request_purge(keys: Iterable[str]) -> None:
    """In the transaction of a change: the CDN forgets the pages named by `keys` once it commits."""
    if not settings.CDN_PURGE_URL:
        return
    PendingPurge.objects.create(keys=list(dict.fromkeys(keys)))
    transaction.on_commit(_wake)


def send_pending() -> int:
    """Send every pending purge, oldest first; returns how many are still pending."""
    while rows := list(PendingPurge.objects.order_by("pk")[:ROWS_PER_ROUND]):
        sent = PendingPurge.objects.filter(pk__in=[row.pk for row in rows])
        keys = list(dict.fromkeys(key for row in rows for key in row.keys))
        error = _send(keys)
        if error is not None:
            sent.update(attempts=F("attempts") + 1, last_error=error[:2000])
            pending = PendingPurge.objects.count()
            logger.error(
                "CDN purge failed after %d tries (%s): %d purge(s) kept to be sent again with the next purge "
                "or by `manage.py purge_pending`; keys: %s",
                ATTEMPTS,
                error,
                pending,
                " ".join(keys),
            )
            return pending
        sent.delete()
    return 0


def _send(keys: list[str]) -> str | None:
    """None once the CDN accepted every key, else what went wrong."""
    for start in range(0, len(keys), KEYS_PER_REQUEST):
        batch = keys[start : start + KEYS_PER_REQUEST]
        delay = BACKOFF_SECONDS
        for attempt in range(1, ATTEMPTS + 1):
            try:
                _post(batch)
                break
            except PurgeFailed as failure:
                logger.warning("CDN purge try %d of %d failed: %s", attempt, ATTEMPTS, failure)
                if not failure.retry or attempt == ATTEMPTS:
                    return str(failure)
                time.sleep(delay)
                delay *= 2
    return None


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    """A redirect is an error: followed, a POST would become a GET without the keys."""

    def redirect_request(self, *args, **kwargs) -> None:
        return None


_opener = urllib.request.build_opener(_NoRedirect)


def _post(keys: list[str]) -> None:
    api = APIS[settings.CDN_PURGE_API]
    headers = {"Content-Type": "application/json", "User-Agent": "infos-sante-purge"}
    if api.key_header:
        headers["Surrogate-Key"] = " ".join(keys)
    if settings.CDN_PURGE_TOKEN:
        headers[api.auth_header] = api.auth_prefix + settings.CDN_PURGE_TOKEN
    body = json.dumps({api.body_key: keys}).encode()
    # The settings refuse any scheme but http and https.
    request = urllib.request.Request(settings.CDN_PURGE_URL, data=body, headers=headers, method="POST")  # noqa: S310
    try:
        with _opener.open(request, timeout=TIMEOUT_SECONDS) as response:
            response.read()
    except urllib.error.HTTPError as error:
        # A server error or "too many requests" may pass; a refusal (a wrong token) will not.
        raise PurgeFailed(
            f"HTTP {error.code} {error.reason}", retry=error.code >= 500 or error.code in (408, 429)
        ) from None
    except (urllib.error.URLError, HTTPException, OSError) as error:  # refused, time-out, reset
        reason = getattr(error, "reason", error)
        raise PurgeFailed(f"{type(error).__name__}: {reason}", retry=True) from None


# One sending thread per process at a time; a commit while it runs makes it go round once more,
# so a purge committed after it read the pending rows is sent too.
_lock = threading.Lock()
_worker: threading.Thread | None = None
_again = False


def _wake() -> None:
    global _worker, _again
    with _lock:
        if _worker is not None:
            _again = True
            return
        # Not a daemon: a process that exits (a management command) sends its purges first.
        _worker = threading.Thread(target=_run, name="cdn-purge")
        _worker.start()


def _run() -> None:
    global _worker, _again
    try:
        while True:
            time.sleep(settings.PAGE_VERSION_MEMO_SECONDS)
            try:
                send_pending()
            except Exception:  # the database: the rows stay, the next purge or the command sends them
                logger.exception("CDN purge: the pending purges could not be read or updated")
            with _lock:
                if not _again:
                    _worker = None
                    return
                _again = False
    finally:
        connection.close()  # this thread's own


def wait(timeout: float | None = None) -> None:
    """Until this process's background purge is done (tests)."""
    worker = _worker
    if worker is not None:
        worker.join(timeout)
