"""The weekly trend of the average rating as an SVG drawn on the server: no script, no library.

The image is named by its <title> and described by its <desc> (role="img", aria-labelledby), and
the page shows the same figures in a table right after it, for anyone the drawing does not serve.
Colours come from the admin's stylesheet (currentColor and classes), so both themes work.
"""

from datetime import date

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from feedback.insights import Tally

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 40


def french_decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def describe(weeks: list[tuple[date, Tally]]) -> str:
    rated = [(start, tally) for start, tally in weeks if tally.count]
    span = f"du {weeks[0][0]:%d/%m/%Y} au {weeks[-1][0]:%d/%m/%Y}"
    if not rated:
        return f"Aucun avis pour les semaines commençant {span}."
    averages = [tally.average for _, tally in rated]
    total = sum(tally.count for _, tally in rated)
    return (
        f"Note moyenne par semaine, semaines commençant {span} : de {french_decimal(min(averages))} "
        f"à {french_decimal(max(averages))} sur 5, dernière semaine notée {french_decimal(averages[-1])} ; "
        f"{total} avis en tout. Les mêmes chiffres sont dans le tableau qui suit."
    )


def _x(index: int, weeks: int) -> str:
    return f"{LEFT + (WIDTH - LEFT - RIGHT) * (index / max(weeks - 1, 1)):.1f}"


def _y(average: float, shift: float = 0) -> str:
    return f"{TOP + (HEIGHT - TOP - BOTTOM) * (5 - average) / 4 + shift:.1f}"


def svg(weeks: list[tuple[date, Tally]], chart_id: str) -> SafeString:
    """A line of the weekly average rating (1 to 5), broken where a week had no opinion."""
    grid = format_html_join(
        "",
        '<line class="chart-grid" x1="{}" x2="{}" y1="{}" y2="{}"/>'
        '<text class="chart-label" x="{}" y="{}" text-anchor="end">{}</text>',
        ((LEFT, WIDTH - RIGHT, _y(n), _y(n), LEFT - 6, _y(n, 4), n) for n in range(1, 6)),
    )
    ticks = format_html_join(
        "",
        '<text class="chart-label" x="{}" y="{}" text-anchor="middle">{}</text>',
        (
            (_x(i, len(weeks)), HEIGHT - BOTTOM + 18, f"{start:%d/%m}")
            for i, (start, _) in enumerate(weeks)
            if i % 4 == 0
        ),
    )
    segments, current = [], []
    for index, (_, tally) in enumerate(weeks):
        if tally.count:
            current.append(f"{_x(index, len(weeks))},{_y(tally.average)}")
        elif current:
            segments.append(current)
            current = []
    if current:
        segments.append(current)
    lines = format_html_join(
        "",
        '<polyline class="chart-line" points="{}"/>',
        ((" ".join(points),) for points in segments if len(points) > 1),
    )
    dots = format_html_join(
        "",
        '<circle class="chart-dot" cx="{}" cy="{}" r="3"/>',
        ((_x(i, len(weeks)), _y(tally.average)) for i, (_, tally) in enumerate(weeks) if tally.count),
    )
    return format_html(
        '<svg class="trend-chart" viewBox="0 0 {} {}" width="{}" height="{}" role="img" aria-labelledby="{}-titre {}-desc">'
        '<title id="{}-titre">Évolution de la note moyenne, semaine par semaine</title>'
        '<desc id="{}-desc">{}</desc>'
        '<text class="chart-label" x="{}" y="{}">semaine du</text>{}{}{}{}</svg>',
        WIDTH,
        HEIGHT,
        WIDTH,
        HEIGHT,
        chart_id,
        chart_id,
        chart_id,
        chart_id,
        describe(weeks),
        LEFT,
        HEIGHT - 6,
        grid,
        ticks,
        lines,
        dots,
    )
