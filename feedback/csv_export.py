"""The feedback list as CSV for a French spreadsheet: UTF-8 with a BOM, `;` between fields."""

import csv
from collections.abc import Iterable, Iterator

from django.utils import timezone

from feedback import personal_data
from feedback.invisible import reveal
from feedback.models import Feedback

HEADER = ["Date", "Article", "Note", "Commentaire", "Statut", "Indésirable", "Données personnelles", "Note interne"]
# A cell starting with one of these would be run as a formula by the spreadsheet.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


class _Echo:
    def write(self, value: str) -> str:
        return value


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def rows(feedbacks: Iterable[Feedback]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(HEADER)
    for f in feedbacks:
        yield writer.writerow([
            timezone.localtime(f.created_at).strftime("%d/%m/%Y %H:%M"),
            safe_cell(f.article.title),
            f.rating,
            safe_cell(reveal(personal_data.mask(f.comment))),
            f.get_status_display(),
            f.get_spam_reason_display() if f.spam_reason else "",
            f.personal_data,
            safe_cell(f.note),
        ])  # fmt: skip
