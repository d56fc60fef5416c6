from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.page_cache import cached_for_anonymous
from articles.toc import unique_anchors

# Ids that the page layout itself uses; a heading never takes one of them as its anchor.
RESERVED_ANCHORS = ("contenu", "sommaire", "sommaire-titre", "introduction", "conclusion", "avis")


@cached_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().only("title", "slug", "introduction", "created_at")
    return render(request, "articles/home.html", {"articles": articles})


@cached_for_anonymous
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    sections = Section.objects.select_related("read_also").only(
        "article_id", "heading", "level", "body", "position",
        "read_also__title", "read_also__slug", "read_also__status",
    )  # fmt: skip
    article = get_object_or_404(
        Article.objects.visible_to(request.user).prefetch_related(Prefetch("sections", queryset=sections)),
        slug=slug,
    )
    sections = list(article.sections.all())
    for section, anchor in zip(sections, unique_anchors((s.heading for s in sections), RESERVED_ANCHORS), strict=True):
        section.anchor = anchor
        section.show_teaser = section.read_also is not None and (
            section.read_also.is_published or request.user.is_staff
        )
    context = {
        "article": article,
        "sections": sections,
        "toc": [s for s in sections if s.level == Section.Level.H2],
    }
    return render(request, "articles/article_detail.html", context)
