"""What search engines and other machines read of an article: schema.org JSON-LD.

A `MedicalWebPage` (who wrote it, who reviewed it and when, its sources, who publishes it) and the
`BreadcrumbList` that places it on the site (Accueil › its first thématique › the article, as its
page's breadcrumb), from the same values the page shows, so the dates
and names a machine reads are the ones a reader reads.
"""

import json
from collections.abc import Callable

from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe

from articles import topics
from articles.models import Page

# What json.dumps leaves that could close the <script> element or open a comment in it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def person(card: dict, absolute: Callable[[str], str]) -> dict:
    data = {
        "@type": "Person",
        "name": card["name"],
        "url": absolute(reverse("articles:person", kwargs={"slug": card["slug"]})),
    }
    if card.get("profession"):
        data["jobTitle"] = card["profession"]
    if card.get("credentials"):
        data["hasCredential"] = {"@type": "EducationalOccupationalCredential", "name": card["credentials"]}
    if card.get("rpps"):
        data["identifier"] = {"@type": "PropertyValue", "propertyID": "RPPS", "value": card["rpps"]}
    return data


def citation(source: dict) -> dict:
    data = {"@type": "CreativeWork", "name": source["title"]}
    if source.get("url"):
        data["url"] = source["url"]
    if source.get("organisation"):
        data["publisher"] = {"@type": "Organization", "name": source["organisation"]}
    if source.get("published_on"):
        data["datePublished"] = source["published_on"]
    return data


def article_graph(page: Page, site_name: str, publisher: str, absolute: Callable[[str], str]) -> dict:
    """The article's JSON-LD; `absolute` makes a path a full address."""
    url, home = absolute(page.get_absolute_url()), absolute(reverse("articles:home"))
    web_page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.title,
        "description": page.summary,
        "inLanguage": "fr",
        "isPartOf": {"@type": "WebSite", "name": site_name, "url": home},
        "publisher": {"@type": "Organization", "name": publisher or site_name, "url": home},
        "breadcrumb": {"@id": f"{url}#fil-d-ariane"},
    }
    if page.first_published_at:  # in the site's time zone, as the page writes them
        web_page["datePublished"] = timezone.localtime(page.first_published_at).isoformat()
        web_page["dateModified"] = timezone.localtime(page.updated_at or page.first_published_at).isoformat()
    if page.reviewer:
        web_page["reviewedBy"] = person(page.reviewer, absolute)
        web_page["lastReviewed"] = page.reviewed_on.isoformat()
    if page.authors:
        web_page["author"] = [person(card, absolute) for card in page.authors]
    if page.sources:
        web_page["citation"] = [citation(source) for source in page.sources]
    breadcrumb = {
        "@type": "BreadcrumbList",
        "@id": f"{url}#fil-d-ariane",
        "itemListElement": [
            {"@type": "ListItem", "position": position, "name": crumb.name, "item": absolute(crumb.url)}
            for position, crumb in enumerate(topics.breadcrumb(page), start=1)
        ],
    }
    return {"@context": "https://schema.org", "@graph": [web_page, breadcrumb]}


def script(document: dict) -> SafeString:
    """`document` in a <script type="application/ld+json"> element that no text in it can close."""
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":")).translate(_SCRIPT_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 - escaped above
