"""Spot personal data that readers should not leave in a comment, and mask it for display."""

import re

# Between groups of digits: a space (also the no-break and narrow no-break spaces French text
# pasted from a web page carries) or a dot; phone numbers also take hyphens. Not slashes:
# "le 01/02/2024 12 patients" would then read as a phone number.
SPACE = " .\u00a0\u202f"
NIR_SEP = f"[{SPACE}]?"
PHONE_SEP = f"[{SPACE}-]?"

PATTERNS = {
    "e-mail": re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"),
    # French social security number (NIR): sex, year, month, department (2A/2B for Corsica),
    # town, order, optional two-digit key.
    "NIR": re.compile(
        rf"(?<!\d)[12]{NIR_SEP}\d{{2}}{NIR_SEP}(?:0[1-9]|1[0-2]|[2-9]\d){NIR_SEP}(?:\d{{2}}|2[AaBb])"
        rf"{NIR_SEP}\d{{3}}{NIR_SEP}\d{{3}}(?:{NIR_SEP}\d{{2}})?(?!\d)"
    ),
    # French phone numbers: 0X XX XX XX XX or +33 / 0033 X XX XX XX XX.
    "téléphone": re.compile(
        rf"(?<!\d)(?:(?:\+|00)33{PHONE_SEP}(?:\(0\))?{PHONE_SEP}|0)[1-9](?:{PHONE_SEP}\d{{2}}){{4}}(?!\d)"
    ),
}
MASK = "[{} masqué]"


def kinds_found(text: str) -> list[str]:
    """The kinds of personal data in `text`, e.g. ["e-mail", "téléphone"]."""
    return [kind for kind, pattern in PATTERNS.items() if pattern.search(text)]


def mask(text: str) -> str:
    for kind, pattern in PATTERNS.items():
        text = pattern.sub(MASK.format(kind), text)
    return text
