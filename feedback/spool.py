"""Opinions posted while the database does not answer wait in a local file until it answers again.

Each opinion is one JSON line appended to `opinions.jsonl` in FEEDBACK_SPOOL_DIR, with O_APPEND
under an exclusive flock, then flushed to disk (fsync, and the folder's too when the file is
new) before the reader is thanked: an opinion acknowledged survives a crash of the process or of
the machine. A line the write could not finish is cut off again; one torn by a crash (never
acknowledged) is closed by the next write's line break, so it never swallows the next opinion.

Each line carries an idempotency key: a reader who sends the same form again (the same signed
stamp, from the same client, with the same rating and comment) makes one opinion, not two.
The folder must be on each server's own durable disk: every server spools what it received.
"""

import fcntl
import hashlib
import json
import os
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from feedback import spam

SPOOL_FILE = "opinions.jsonl"


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


def idempotency_key(stamp: str | None, client: str, slug: str, rating: int, comment: str) -> str:
    """The same form sent again gets the same key; a form without a genuine stamp, a key of its own.

    The stamp is the second the page was served, shared by every reader of that second (or of a
    CDN's copy): the client's keyed address tells two readers apart."""
    if spam.shown_at(stamp) is None:
        return uuid.uuid4().hex
    same_post = json.dumps([stamp, client, slug, rating, comment], ensure_ascii=False)
    return hashlib.sha256(same_post.encode()).hexdigest()


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
        idempotency_key(stamp, client, slug, rating, comment),
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
