from datetime import datetime

from django import template
from django.utils.safestring import SafeString

from articles.typography import keep_marks_with_words

register = template.Library()


@register.filter
def heading(text: str) -> SafeString:
    """A heading's text, escaped, that never leaves its « ? » alone on the next line."""
    return keep_marks_with_words(text)


@register.filter
def iso_date(value: str) -> datetime | None:
    """A date kept as ISO text in a revision (its list of updates), as a date to format."""
    try:
        return datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return None
