"""Figures as a French reader writes them: 4,2 / 5 and 73 %."""

from decimal import ROUND_HALF_UP, Decimal

from django import template

register = template.Library()


@register.filter
def rating(value: float | None) -> str:
    """An average rating with one decimal, "—" when there is no opinion."""
    if value is None:
        return "—"
    return str(Decimal(repr(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)).replace(".", ",")


@register.filter
def percent(value: float | None) -> str:
    """A share from 0 to 1 as a whole percentage ("—" when there is no opinion)."""
    if value is None:
        return "—"
    return f"{Decimal(repr(value * 100)).quantize(Decimal('1'), rounding=ROUND_HALF_UP)}\u202f%"


@register.filter
def points(value: float | None) -> str:
    """A difference of two shares in percentage points, signed."""
    if value is None:
        return "—"
    number = round(value * 100)
    return f"{'+' if number > 0 else '−' if number < 0 else ''}{abs(number)} point{'s' if abs(number) > 1 else ''}"


@register.filter
def z_score(value: float | None) -> str:
    return "—" if value is None else f"{value:.2f}".replace(".", ",").replace("-", "−")


@register.filter
def item(sequence, index: int):
    return sequence[index]
