"""French typography on the web: a space comes before « ? ! : ; » and the line must not break there.

Editors type an ordinary space (the seed does too, and its text must stay word for word), so
instead of changing the character we keep the last word and its mark on one line.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_WORD_THEN_MARK = re.compile(r"(\S+ [?!:;»])(?=\s|$)")


def keep_marks_with_words(text: str) -> SafeString:
    return mark_safe(_WORD_THEN_MARK.sub(r'<span class="nowrap">\1</span>', escape(text)))  # noqa: S308
