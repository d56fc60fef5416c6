from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from articles.page_cache import cached_page
from site_pages.models import SitePage
from site_pages.site_wide import site_wide


def page_tag(slug: str) -> str:
    return f"page:{slug}"


@cached_page
def site_page(request: HttpRequest, slug: str) -> HttpResponse:
    # Any one-segment address ends here: one the map does not know costs no query.
    if slug not in site_wide().slugs:
        raise Http404("Cette page n’existe pas.")
    page = SitePage.objects.only("title", "slug", "body_html", "updated_at").filter(slug=slug).first()
    if page is None:
        raise Http404("Cette page n’existe pas.")
    response = render(request, "site_pages/page.html", {"page": page})
    response.page_tags = (page_tag(page.slug),)
    return response
