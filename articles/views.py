from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from articles.models import Article, Section
from articles.page_cache import cached_for_anonymous
from articles.toc import unique_anchors

# Ids that the page layout itself uses; a heading never takes one of them as its anchor.
RESERVED_ANCHORS = ("contenu", "sommaire", "sommaire-titre", "introduction", "conclusion", "avis", "avis-titre")
# What the page shows of a section and of its teaser's target; nothing more is loaded.
SECTION_FIELDS = ("article_id", "heading", "level", "body", "position")
SECTION_FIELDS += ("read_also__title", "read_also__slug", "read_also__status")

ARTICLES_PER_PAGE = 20


@cached_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    articles = Article.objects.published().only("title", "slug", "introduction", "created_at")
    page = Paginator(articles, ARTICLES_PER_PAGE).get_page(request.GET.get("page"))
    return render(request, "articles/home.html", {"page": page, "articles": page.object_list})


@cached_for_anonymous
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user), slug=slug)
    return render_article(request, article)


def render_article(request: HttpRequest, article: Article, extra_context: dict | None = None, status: int = 200):
    """The article page; other apps pass `extra_context` to re-render it with their state."""
    sections = list(article.sections.select_related("read_also").only(*SECTION_FIELDS))
    anchors = unique_anchors((s.heading for s in sections), RESERVED_ANCHORS)
    for section, anchor in zip(sections, anchors, strict=True):
        section.anchor = anchor
        section.show_teaser = section.read_also is not None and (
            section.read_also.is_published or request.user.is_staff
        )
    context = {
        "article": article,
        "sections": sections,
        "toc": [s for s in sections if s.level == Section.Level.H2],
        **(extra_context or {}),
    }
    return render(request, "articles/article_detail.html", context, status=status)
