from datetime import datetime

from django import template
from django.conf import settings
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString

from articles import structured_data
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


def _person_link(card: dict) -> SafeString:
    return format_html('<a href="{}">{}</a>', reverse("articles:person", kwargs={"slug": card["slug"]}), card["name"])


@register.simple_tag
def people_links(cards: list[dict]) -> SafeString:
    """« A », « A et B », « A, B et C »: each name a link to the person's page."""
    links = [_person_link(card) for card in cards]
    if len(links) < 2:
        return format_html_join("", "{}", ((link,) for link in links))
    return format_html("{} et {}", SafeString(", ".join(links[:-1])), links[-1])


@register.simple_tag
def person_card(card: dict) -> SafeString:
    """A person's linked name with their profession and, if given, their titles."""
    text = format_html("{}, {}", _person_link(card), card["profession"]) if card["profession"] else _person_link(card)
    return format_html("{} ({})", text, card["credentials"]) if card.get("credentials") else text


@register.simple_tag(takes_context=True)
def article_json_ld(context, page) -> SafeString:
    """The article's schema.org JSON-LD, with the site's name and publisher from its texts (the
    site's name while the publisher is not filled in)."""
    site = context["site"]
    return structured_data.script(structured_data.article_graph(page, site.name, site.known_publisher, _on_site))


def _on_site(path: str) -> str:
    """A full address on the site's own address (SITE_URL), whatever host the request named: a
    cached page is served to every reader."""
    return settings.SITE_URL.rstrip("/") + path
