from django.core.paginator import EmptyPage, Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, render

from articles.models import Article, PageSection, Section
from articles.page_cache import PAGE_NUMBER, cached_page
from articles.toc import unique_anchors

# Ids that the page layout itself uses; a heading never takes one of them as its anchor.
RESERVED_ANCHORS = ("contenu", "sommaire", "sommaire-titre", "introduction", "conclusion", "avis", "avis-titre")
ARTICLE_FIELDS = ("title", "slug", "status", "introduction", "introduction_html", "conclusion_html")

ARTICLES_PER_PAGE = 20


@cached_page(paginated=True)
def home(request: HttpRequest) -> HttpResponse:
    """The newest articles, twenty a page. Only `?page=2`, `?page=3`… up to the last page exist:
    `?page=1` is the bare address, and any other value is not a page."""
    number = request.GET.get("page")
    if number == "1":
        return HttpResponsePermanentRedirect(request.path)
    if number is not None and not PAGE_NUMBER.fullmatch(number):
        raise Http404("Cette page de la liste n’existe pas.")
    articles = Article.objects.published().only("title", "slug", "introduction", "created_at")
    try:
        page = Paginator(articles, ARTICLES_PER_PAGE, allow_empty_first_page=True).page(number or 1)
    except EmptyPage:
        raise Http404("Cette page de la liste n’existe pas.") from None
    return render(request, "articles/home.html", {"page": page, "articles": page.object_list})


@cached_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    article = get_object_or_404(Article.objects.visible_to(request.user).only(*ARTICLE_FIELDS), slug=slug)
    return render_article(request, article)


def render_article(request: HttpRequest, article: Article, extra_context: dict | None = None, status: int = 200):
    """The article page; other apps pass `extra_context` to re-render it with their state."""
    sections = article.sections.for_page()
    context = {**article_context(request, article, sections), **(extra_context or {})}
    return render(request, "articles/article_detail.html", context, status=status)


def article_context(request: HttpRequest, article: Article, sections: list[PageSection]) -> dict:
    anchors = unique_anchors((s.heading for s in sections), RESERVED_ANCHORS)
    for section, anchor in zip(sections, anchors, strict=True):
        section.anchor = anchor
        section.show_teaser = section.read_also is not None and section.read_also.is_visible_to(request.user)
    toc = [s for s in sections if s.level == Section.Level.H2]
    return {"article": article, "sections": sections, "toc": toc}
