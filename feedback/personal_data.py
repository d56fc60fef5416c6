"""Spot personal data that readers should not leave in a comment, and mask it for display."""

import re

PATTERNS = {
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # French social security number (NIR): sex, year, month, department (2A/2B for Corsica),
    # town, order, optional two-digit key; spaces or dots between the groups.
    "NIR": re.compile(
        r"(?<!\d)[12][ .]?\d{2}[ .]?(?:0[1-9]|1[0-2]|[2-9]\d)[ .]?(?:\d{2}|2[AaBb])[ .]?\d{3}[ .]?\d{3}(?:[ .]?\d{2})?(?!\d)"
    ),
    # French phone numbers: 0X XX XX XX XX or +33 / 0033 X XX XX XX XX, any separators.
    "téléphone": re.compile(r"(?<!\d)(?:(?:\+|00)33[ .-]?(?:\(0\))?[ .-]?|0)[1-9](?:[ .-]?\d{2}){4}(?!\d)"),
}
MASK = "[{} masqué]"


def kinds_found(text: str) -> list[str]:
    """The kinds of personal data in `text`, e.g. ["e-mail", "téléphone"]."""
    return [kind for kind, pattern in PATTERNS.items() if pattern.search(text)]


def mask(text: str) -> str:
    for kind, pattern in PATTERNS.items():
        text = pattern.sub(MASK.format(kind), text)
    return text
