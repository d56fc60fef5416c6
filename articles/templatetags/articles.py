from django import template
from django.utils.safestring import SafeString, mark_safe

from articles.rendering import render_markdown
from articles.typography import keep_marks_with_words

register = template.Library()


@register.filter
def markdown(text: str) -> SafeString:
    """Editor Markdown to sanitised HTML (see `articles.rendering`)."""
    return mark_safe(render_markdown(text))  # noqa: S308 - nh3 has cleaned it


@register.filter
def heading(text: str) -> SafeString:
    """A heading's text, escaped, that never leaves its « ? » alone on the next line."""
    return keep_marks_with_words(text)
