import functools

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from articles.models import Article, Section
from articles.views import ARTICLE_FIELDS, SECTION_FIELDS, article_context


def bare(request: HttpRequest) -> HttpResponse:
    """The cheapest Django answer through the same middleware: the bench's reference point."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@functools.cache
def _article_in_memory(slug: str) -> tuple[Article, list[Section]]:
    article = Article.objects.only(*ARTICLE_FIELDS).get(slug=slug)
    return article, list(article.sections.select_related("read_also").only(*SECTION_FIELDS))


def reference_article(request: HttpRequest, slug: str) -> HttpResponse:
    """The article page made with the same template from objects kept in memory (no database):
    what rendering alone costs, the bench's yardstick for the uncached page."""
    article, sections = _article_in_memory(slug)
    return render(request, "articles/article_detail.html", article_context(request, article, sections))
