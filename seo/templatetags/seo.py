"""What each page's head tells search engines, link previews and feed readers: its description,
its canonical address (from SITE_URL, never from the request's Host header), OpenGraph and
Twitter card tags, and the link to the feed."""

from django import template
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from articles.models import Page
from seo import feed
from seo.addresses import absolute
from site_pages.site_wide import site_wide

register = template.Library()

DEFAULT_DESCRIPTION = "Des articles de santé clairs et vérifiés, écrits pour les patients et leurs proches."


def _meta(title: str, description: str, url: str, kind: str = "website", page: Page | None = None) -> dict:
    dates = {}
    if page is not None and page.first_published_at:
        # In Paris time, as the JSON-LD and the sitemap write them.
        dates["published"] = timezone.localtime(page.first_published_at).isoformat()
        dates["modified"] = timezone.localtime(page.updated_at or page.first_published_at).isoformat()
    return {"site": site_wide(), "title": title, "description": description, "url": url, "kind": kind, **dates}


@register.inclusion_tag("seo/_meta.html", takes_context=True)
def page_meta(
    context: template.Context,
    title: str = "",
    description: str = DEFAULT_DESCRIPTION,
    page_number: int = 1,
    canonical: bool = True,
) -> dict:
    """A page other than an article. Its canonical address is its path (with `?page=N` from the
    second page of a list on); `canonical=False` for a page that must not be indexed (an error,
    a review link): it then gets its description alone."""
    url = ""
    if canonical:
        url = absolute(context["request"].path) + (f"?page={page_number}" if page_number > 1 else "")
    return _meta(title or site_wide().name, description, url)


@register.inclusion_tag("seo/_meta.html")
def article_meta(article: Page) -> dict:
    """An article, as its live version says: canonical address, description, publication and
    "Mis à jour le" dates (the ones the page and its JSON-LD show)."""
    return _meta(article.title, article.description, absolute(article.get_absolute_url()), "article", article)


@register.inclusion_tag("seo/_meta.html")
def person_meta(person) -> dict:
    site = site_wide()
    description = (
        f"{person.name}, {person.profession} : présentation, articles rédigés et articles relus pour {site.name}."
    )
    return _meta(person.name, description, absolute(person.get_absolute_url()), "profile")


@register.simple_tag
def feed_link() -> SafeString:
    """The feed of new and updated articles, for browsers and feed readers that look for it."""
    return format_html(
        '<link rel="alternate" type="application/atom+xml" title="{}" href="{}">', feed.title(), reverse("seo:feed")
    )
