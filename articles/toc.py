"""Table of contents: stable, unique anchors made from heading text."""

import re
from collections.abc import Iterable

from django.utils.text import slugify


def anchor_for(text: str) -> str:
    """`Qu'est-ce que l'immunothérapie ?` -> `quest-ce-que-limmunotherapie`."""
    return slugify(text) or "section"


def unique_anchors(
    headings: Iterable[str], reserved: Iterable[str] = (), reserved_pattern: re.Pattern | None = None
) -> list[str]:
    """One anchor per heading, in order; a repeated heading gets `-2`, `-3`… so every link lands.

    No anchor is in `reserved` nor matches the whole of `reserved_pattern` (ids the page makes
    for other things, such as `source-3`)."""
    taken = set(reserved)
    anchors = []
    for heading in headings:
        base = anchor_for(heading)
        anchor, n = base, 1
        while anchor in taken or (reserved_pattern is not None and reserved_pattern.fullmatch(anchor)):
            n += 1
            anchor = f"{base}-{n}"
        taken.add(anchor)
        anchors.append(anchor)
    return anchors
