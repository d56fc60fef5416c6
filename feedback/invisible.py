"""Characters a reader cannot see, which a comment must not carry.

Format characters (Unicode category Cf) draw nothing but can reverse or hide text: U+202E turns
"gpj.exe" around, U+200B splits a word without a trace. Control characters (Cc) other than tabs and
line breaks, and non-characters (U+FDD0–U+FDEF, U+xFFFE, U+xFFFF), are not text at all. A few
letters and symbols that draw nothing (Hangul fillers, the blank braille pattern) count too.

Two format characters are parts of ordinary emoji and stay allowed there: the zero-width joiner
between two emoji (👩‍⚕️ is 👩 + U+200D + ⚕ + U+FE0F) and the tag characters spelling a
subdivision flag (🏴 + tags + U+E007F, the flag of Scotland). Code points unassigned in Python's
Unicode tables are allowed: an emoji newer than those tables is one of them.
"""

import re
import unicodedata

JOINER = "\u200d"
# Not format characters, but they draw nothing either: fillers and the blank braille pattern are
# the usual way round a filter of format characters, and U+034F joins nothing a reader can see.
BLANKS = frozenset("\u034f\u115f\u1160\u2800\u3164\uffa0")
TEXT_CONTROLS = "\t\n\r"
# 🏴, then tag letters, then CANCEL TAG.
SUBDIVISION_FLAG = re.compile("\U0001f3f4[\U000e0020-\U000e007e]+\U000e007f")


def invisible_characters(text: str) -> list[str]:
    """The characters of `text` a reader cannot see, each once, in the order they first appear."""
    text = SUBDIVISION_FLAG.sub("\U0001f3f4", text)
    found = (char for index, char in enumerate(text) if _is_invisible(char) and not _joins_emoji(text, index))
    return list(dict.fromkeys(found))


def code_point(char: str) -> str:
    """How a character is named to a reader or an editor: U+202E."""
    return f"U+{ord(char):04X}"


def reveal(text: str) -> str:
    """`text` with each invisible character written as its code point ("[U+202E]"), for the places
    that show stored text to editors: rows stored before the form refused them may carry some."""
    for char in invisible_characters(text):
        text = text.replace(char, f"[{code_point(char)}]")
    return text


def _is_invisible(char: str) -> bool:
    if char in BLANKS:
        return True
    category = unicodedata.category(char)
    if category == "Cc":
        return char not in TEXT_CONTROLS
    return category in ("Cf", "Cs") or _is_non_character(char)


def _is_non_character(char: str) -> bool:
    code = ord(char)
    return 0xFDD0 <= code <= 0xFDEF or (code & 0xFFFE) == 0xFFFE


def _joins_emoji(text: str, index: int) -> bool:
    before, after = text[index - 1 : index], text[index + 1 : index + 2]
    return text[index] == JOINER and bool(before and after) and _is_emoji_part(before) and _is_emoji_part(after)


def _is_emoji_part(char: str) -> bool:
    """A pictograph (So, or Sm for ↔), a skin tone (Sk), the emoji presentation selector, or a newer emoji."""
    if char == "\ufe0f":
        return True
    return ord(char) > 0x7F and unicodedata.category(char) in ("So", "Sm", "Sk", "Cn")
