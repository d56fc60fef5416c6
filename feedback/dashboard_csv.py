"""The dashboard's figures as CSV, the way feedback/csv_export.py writes the opinions: UTF-8 with
a BOM and `;` between fields for a French spreadsheet, decimal commas, and every text cell that
would start a formula neutralised."""

import csv
from collections.abc import Iterable, Iterator

from feedback.csv_export import _Echo, safe_cell
from feedback.insights import WINDOWS, ArticleRow, Tally

SHORT = {7: "7 j", 30: "30 j", 90: "90 j", None: "depuis le début"}


def header() -> list[str]:
    columns = ["Rang", "Article"]
    for days, _ in WINDOWS:
        columns += [f"Avis {SHORT[days]}", f"Note moyenne {SHORT[days]}", f"Part de 4 et 5 {SHORT[days]} (%)"]
    columns += [f"Notes de {n} depuis le début" for n in range(1, 6)]
    return [*columns, "Score de classement"]


def decimal(value: float | None, digits: int = 2) -> str:
    return "" if value is None else f"{value:.{digits}f}".replace(".", ",")


def _figures(tally: Tally) -> list:
    share = None if tally.satisfied_share is None else tally.satisfied_share * 100
    return [tally.count, decimal(tally.average), decimal(share, 1)]


def rows(ranked: Iterable[ArticleRow]) -> Iterator[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow(header())
    for row in ranked:
        figures = [cell for tally in row.windows for cell in _figures(tally)]
        yield writer.writerow(
            [row.rank, safe_cell(row.title), *figures, *row.windows[-1].by_rating, decimal(row.score, 3)]
        )
