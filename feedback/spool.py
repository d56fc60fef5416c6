"""Opinions posted while the database does not answer wait in a local file until it answers again.

Each opinion is one JSON line appended to `opinions.jsonl` in FEEDBACK_SPOOL_DIR, with O_APPEND
under an exclusive flock, then flushed to disk (fsync, and the folder's too when the file is
new) before the reader is thanked: an opinion acknowledged survives a crash of the process or of
the machine. A line the write could not finish is cut off again; one torn by a crash (never
acknowledged) is closed by the next write's line break, so it never swallows the next opinion.

Each line carries an idempotency key of its own, which the replay stores with the opinion: a replay
that runs twice, or stops after its commit, stores nothing twice. The key is random, not derived
from the form: two readers behind one address (a carrier's NAT, a hospital's Wi-Fi) sending the
same rating from the same cached page are two opinions, and one must not be taken for the other's
retry. A reader who sends the same form twice makes two lines; the duplicate check flags the second
comment when it is stored, as it would with the database up.
The folder must be on each server's own durable disk: every server spools what it received.

`replay` stores them once the database answers, exactly once: through the path of any opinion
(`ratings.store`, so the daily counts include them, at the time they were posted), each in a
savepoint where the unique key refuses one already stored; the spool is emptied only after the
commit, so a replay that stops before (or runs twice) stores nothing twice. It runs by itself
after a health check or an opinion stored (`replay_if_pending`: one stat when nothing waits, at
most REPLAY_BATCH opinions a call, the spool emptied once all are stored), and from
`manage.py replay_feedback_spool` (all at once).
"""

import fcntl
import json
import logging
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from articles import live
from articles.models import Revision
from feedback import limits, ratings
from feedback.models import Feedback
from operations import outages
from operations.database import UNAVAILABLE, is_outage

logger = logging.getLogger(__name__)

SPOOL_FILE = "opinions.jsonl"
# Opinions on an article that no longer exists, kept for the operator rather than lost.
REJECTED_FILE = "rejected.jsonl"


@dataclass(frozen=True)
class Opinion:
    """An opinion as spooled: what the form said, and what the rules needing no database found."""

    key: str
    slug: str  # the address posted to: the article is found when the database answers
    rating: int
    comment: str
    version_read: str | None  # the form's `version_lue`, checked when stored
    spam_reason: str
    personal_data: list[str]
    client: str  # keyed hash of the address, for the duplicate check when stored
    posted_at: str  # ISO 8601, with its offset

    @property
    def received_at(self) -> datetime:
        return datetime.fromisoformat(self.posted_at)


def idempotency_key() -> str:
    """A key of the opinion's own (see the module's docstring: never one derived from the form)."""
    return uuid.uuid4().hex


def opinion(
    *,
    stamp: str | None,
    client: str,
    slug: str,
    rating: int,
    comment: str,
    version_read: str | None,
    spam_reason: str,
    personal_data: list[str],
) -> Opinion:
    return Opinion(
        idempotency_key(),
        slug,
        rating,
        comment,
        version_read,
        spam_reason,
        personal_data,
        client,
        timezone.now().isoformat(),
    )


def folder() -> Path:
    return Path(settings.FEEDBACK_SPOOL_DIR)


def _fsync_folder(path: Path) -> None:
    """A new file's name is on disk only once its folder is."""
    descriptor = os.open(path, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _make_folder(path: Path) -> None:
    if path.is_dir():
        return
    path.mkdir(parents=True, exist_ok=True)
    _fsync_folder(path.parent)


@contextmanager
def _locked(path: Path, wait: bool = True) -> Iterator[tuple[int, bool] | None]:
    """The file opened for reading and appending (created if missing) under an exclusive lock,
    and whether this call created it; None when `wait` is False and someone else holds it."""
    try:
        descriptor, created = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | os.O_EXCL, 0o600), True
    except FileExistsError:
        descriptor, created = os.open(path, os.O_RDWR | os.O_APPEND), False
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX if wait else fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield None
            return
        yield descriptor, created
    finally:
        os.close(descriptor)  # releases the lock


def _write_all(descriptor: int, data: bytes) -> None:
    view = memoryview(data)
    while view:
        view = view[os.write(descriptor, view) :]


def append_lines(path: Path, lines: list[bytes]) -> None:
    """Append whole lines to `path` and return only once they are on disk; raise OSError if they
    cannot be (disk full, folder unwritable): nothing of them is then left in the file."""
    _make_folder(path.parent)
    with _locked(path) as (descriptor, created):
        size = os.fstat(descriptor).st_size
        data = b"".join(lines)
        if size and os.pread(descriptor, 1, size - 1) != b"\n":
            data = b"\n" + data  # a line torn by a crash: closed, so it takes nothing with it
        try:
            _write_all(descriptor, data)
            os.fsync(descriptor)
        except OSError:
            with suppress(OSError):
                os.ftruncate(descriptor, size)
            raise
    if created:
        _fsync_folder(path.parent)


def encode(record: dict) -> bytes:
    return (json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n").encode()


def append(spooled: Opinion) -> None:
    """Keep the opinion until the database answers; returns once it is on disk (OSError if not)."""
    append_lines(folder() / SPOOL_FILE, [encode(asdict(spooled))])


def pending() -> int:
    """How many opinions wait in this server's spool (the operators' report)."""
    try:
        with open(folder() / SPOOL_FILE, "rb") as spooled:
            return sum(chunk.count(b"\n") for chunk in iter(lambda: spooled.read(1 << 16), b""))
    except FileNotFoundError:
        return 0


# Opinions stored per automatic replay (after a health check or an opinion): a long outage's
# spool is stored over several calls, each well within a load balancer's health check timeout.
REPLAY_BATCH = 200
# Keys looked up per query, for the opinions a replay stored before.
KEYS_PER_QUERY = 500


@dataclass
class Replayed:
    stored: int = 0
    already: int = 0  # stored before: by an earlier or interrupted replay, or the same post twice
    rejected: int = 0  # their article no longer exists: moved to REJECTED_FILE
    unreadable: int = 0  # a line torn by a crash, never acknowledged: skipped
    left: int = 0  # beyond this call's limit: still in the spool, for the next


def replay(wait: bool = True, limit: int | None = None) -> Replayed | None:
    """Store the spooled opinions (at most `limit` new ones), then empty the spool once all of
    them are committed; None when `wait` is False and another process is replaying it."""
    path = folder() / SPOOL_FILE
    if not path.exists():
        return Replayed()
    with _locked(path, wait) as held:
        if held is None:
            return None
        descriptor, _ = held
        done, rejected = _store_all(os.pread(descriptor, os.fstat(descriptor).st_size, 0), limit)
        if not done.left:
            if rejected:
                append_lines(folder() / REJECTED_FILE, rejected)
                logger.error(
                    "feedback spool: %d opinion(s) on an article that no longer exists moved to %s",
                    len(rejected),
                    folder() / REJECTED_FILE,
                )
            os.ftruncate(descriptor, 0)
            os.fsync(descriptor)
    if done != Replayed():
        logger.warning(
            "feedback spool replayed: %d stored, %d already stored, %d rejected, %d unreadable, %d left",
            done.stored,
            done.already,
            done.rejected,
            done.unreadable,
            done.left,
        )
    return done


def _store_all(data: bytes, limit: int | None) -> tuple[Replayed, list[bytes]]:
    """Store the opinions of the spool's `data` in one transaction; the lines of those whose
    article no longer exists come back, to be kept aside once every opinion is stored."""
    done, rejected, articles = Replayed(), [], {}
    readable = []
    for number, line in enumerate(data.split(b"\n"), start=1):
        if not line.strip():
            continue
        try:
            readable.append((line, _read(line)))
        except (ValueError, TypeError) as error:
            done.unreadable += 1
            logger.warning("feedback spool: line %d unreadable (torn by a crash), skipped: %s", number, error)
    stored_before = _stored_keys([spooled.key for _, spooled in readable])
    with transaction.atomic():
        for line, spooled in readable:
            if spooled.key in stored_before:
                done.already += 1
                continue
            if spooled.slug not in articles:
                articles[spooled.slug] = _article_for(spooled.slug)
            if articles[spooled.slug] is None:
                done.rejected += 1
                rejected.append(line + b"\n")
            elif limit is not None and done.stored >= limit:
                done.left += 1
            elif _store(spooled, *articles[spooled.slug]):
                done.stored += 1
            else:
                done.already += 1
    return done, rejected


def _stored_keys(keys: list[str]) -> set[str]:
    found = set()
    for start in range(0, len(keys), KEYS_PER_QUERY):
        batch = keys[start : start + KEYS_PER_QUERY]
        found.update(Feedback.objects.filter(idempotency_key__in=batch).values_list("idempotency_key", flat=True))
    return found


def _read(line: bytes) -> Opinion:
    spooled = Opinion(**json.loads(line))
    if not isinstance(spooled.rating, int) or not isinstance(spooled.slug, str):
        raise TypeError("rating or slug of the wrong type")
    spooled.received_at  # noqa: B018 - raises ValueError on a time that is not ISO 8601
    return spooled


def _article_for(slug: str) -> tuple[int, int | None] | None:
    """The article an opinion posted to `slug` is about and its live version now: the live one at
    that address or an earlier address of it, else the last to have published it (no longer
    live: the opinion still counts); None when no article has."""
    page = live.page_at_any_address(slug)
    if page is not None:
        return page.pk, page.revision_id
    published = Revision.objects.filter(slug=slug, go_live_at__isnull=False).order_by("-go_live_at", "-id")
    article_id = published.values_list("article_id", flat=True).first()
    return None if article_id is None else (article_id, None)


def _store(spooled: Opinion, article_id: int, live_revision_id: int | None) -> bool:
    """Store one opinion as a normal post would; False when its key is stored already."""
    feedback = Feedback(
        article_id=article_id,
        rating=spooled.rating,
        comment=spooled.comment,
        spam_reason=spooled.spam_reason,
        personal_data=", ".join(spooled.personal_data),
        idempotency_key=spooled.key,
    )
    try:
        with transaction.atomic():  # a savepoint: a key stored already undoes this opinion alone
            feedback.revision_id = ratings.revision_read(article_id, live_revision_id, spooled.version_read)
            if not feedback.spam_reason and limits.is_duplicate(spooled.client, article_id, spooled.comment):
                feedback.spam_reason = Feedback.SpamReason.DUPLICATE
            ratings.store(feedback, received_at=spooled.received_at)
    except IntegrityError:
        if not Feedback.objects.filter(idempotency_key=spooled.key).exists():
            raise
        return False
    return True


def replay_if_pending() -> None:
    """Replay the spool when something waits in it (one stat when nothing does): called when the
    database has just answered. Never raises: what is not stored stays in the spool."""
    try:
        if os.stat(folder() / SPOOL_FILE).st_size == 0:
            return
    except OSError:
        return
    try:
        replay(wait=False, limit=REPLAY_BATCH)
    except UNAVAILABLE as error:
        if not is_outage(error):
            logger.exception("feedback spool: replay failed, the opinions stay in the spool")
            return
        outages.failed(outages.DATABASE, error)
    except Exception:
        logger.exception("feedback spool: replay failed, the opinions stay in the spool")
