import re
from collections.abc import Sequence

from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import default_storage
from django.core.paginator import EmptyPage, Paginator
from django.core.paginator import Page as ListPage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.views.decorators.http import require_safe

from articles import live, people, photos, review_links, revisions, search, stale, topics
from articles.models import Article, Page, Revision, Section, Teaser
from articles.page_cache import LISTS, PAGE_NUMBER, article_tag, cached_page, person_tag, topic_tag
from articles.toc import unique_anchors

# Ids that the page layout itself uses; a heading never takes one of them as its anchor.
RESERVED_ANCHORS = (
    "contenu",
    "sommaire",
    "sommaire-titre",
    "introduction",
    "conclusion",
    "avis",
    "avis-titre",
    "mises-a-jour",
    "urgence",
    "a-propos-de-cet-article",
    "sources",
    "sources-titre",
    "meme-thematique",
    "recherche",
)
# The ids of the sources and of the citations in the text (articles.rendering): `source-3`, `citation-12`.
RESERVED_ANCHOR_PATTERN = re.compile(r"(?:source|citation)-[0-9]+")

ARTICLES_PER_PAGE = 20

SEARCH_PAGE_MISSING = "Cette page de résultats n’existe pas."

REVIEW_BANNER = "Version non publiée – aperçu pour relecture"


def _kept_until(response: HttpResponse, *tags: str, shows: Sequence[int] = ()) -> HttpResponse:
    """Tell the page cache what the page shows, and until when it may be kept at most; and for a
    database outage, which articles it shows (articles.stale)."""
    known = live.live_map()
    response.page_tags = tags
    response.page_valid_until = known.valid_until
    return stale.note_shown(response, known, shows)


def _list_page(request: HttpRequest, items: Sequence) -> ListPage | None:
    """The page of a list of articles that `?page=` asks for, twenty a page, or None for
    `?page=1`, which is the bare address (the caller redirects there). Only `?page=2`, `?page=3`…
    up to the last page exist: any other value is not a page. An empty list has its first page."""
    number = request.GET.get("page")
    if number == "1":
        return None
    if number is not None and not PAGE_NUMBER.fullmatch(number):
        raise Http404("Cette page de la liste n’existe pas.")
    try:
        return Paginator(items, ARTICLES_PER_PAGE, allow_empty_first_page=True).page(number or 1)
    except EmptyPage:
        raise Http404("Cette page de la liste n’existe pas.") from None


@cached_page(paginated=True)
def home(request: HttpRequest) -> HttpResponse:
    """The live articles, last updated first, twenty a page (sliced from the per-process map: the
    same work at a thousand articles as at one), and the thématiques on the first page."""
    page = _list_page(request, live.live_map().articles)
    if page is None:
        return HttpResponsePermanentRedirect(request.path)
    context = {"page": page, "articles": page.object_list, "topics": topics.with_counts() if page.number == 1 else []}
    response = render(request, "articles/home.html", context)
    return _kept_until(response, LISTS, shows=[article.pk for article in page.object_list])


@cached_page
def topic_list(request: HttpRequest) -> HttpResponse:
    """Every thématique, with its description and how many live articles it holds."""
    context = {"topics": topics.with_counts(), "breadcrumb": topics.topics_breadcrumb()}
    response = render(request, "articles/topics.html", context)
    return _kept_until(response, LISTS)


@cached_page(paginated=True)
def topic(request: HttpRequest, slug: str) -> HttpResponse:
    """A thématique's live articles, last updated first, paginated as the home page; a topic with
    no live article still has its page."""
    found = topics.topic_for_slug(slug)
    if found is None:
        raise Http404("Cette thématique n’existe pas.")
    page = _list_page(request, topics.live_articles(found.pk))
    if page is None:
        return HttpResponsePermanentRedirect(request.path)
    context = {
        "topic": found,
        "page": page,
        "articles": page.object_list,
        "breadcrumb": topics.topics_breadcrumb(found),
    }
    response = render(request, "articles/topic.html", context)
    return _kept_until(response, topic_tag(found.pk), LISTS, shows=[article.pk for article in page.object_list])


@cached_page
def article_detail(request: HttpRequest, slug: str) -> HttpResponse:
    found = live.lookup(slug)
    if found is None:
        raise Http404("Cet article n’existe pas ou n’est pas publié.")
    if isinstance(found, live.Moved):
        return moved_permanently(request, found)
    return render_article(request, found)


def moved_permanently(request: HttpRequest, moved: live.Moved) -> HttpResponse:
    """A renamed article's earlier address: one 301 to its address now, with the query string
    (tracking tags); the fragment stays with the browser. Browsers ask again at each visit
    (`no-cache`), as for the pages: an address taken up later by another article leads there."""
    query = request.META.get("QUERY_STRING", "")
    response = HttpResponsePermanentRedirect(moved.get_absolute_url() + (f"?{query}" if query else ""))
    response["Cache-Control"] = "no-cache"
    return response


@cached_page
def person(request: HttpRequest, slug: str) -> HttpResponse:
    """An author's or reviewer's page: who they are, what they wrote and reviewed that is live."""
    found = people.page_for_slug(slug)
    if found is None:
        raise Http404("Cette personne n’est pas présentée sur ce site.")
    context = {"person": found.person, "written": found.written, "reviewed": found.reviewed}
    response = render(request, "articles/person.html", context)
    shown = {article.pk for article in (*found.written, *found.reviewed)}
    return _kept_until(response, person_tag(found.person.pk), LISTS, shows=sorted(shown))


@require_safe
def person_photo(request: HttpRequest, name: str) -> FileResponse:
    """A person's photo, read through the site's file storage (a local folder, a shared volume,
    an S3 bucket), so that it shows wherever nothing else serves MEDIA_URL. Only the images the
    admin stores (`articles.photos`), under names that never get other content: cached a year."""
    content_type = photos.content_type(name)
    if content_type is None:
        raise Http404("Cette image n’existe pas.")
    try:
        file = default_storage.open(photos.FOLDER + name)
    except (FileNotFoundError, SuspiciousFileOperation):
        raise Http404("Cette image n’existe pas.") from None
    response = FileResponse(file, content_type=content_type)
    response["Cache-Control"] = "public, max-age=31536000, immutable"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def render_article(request: HttpRequest, page: Page, extra_context: dict | None = None, status: int = 200):
    """The article page; other apps pass `extra_context` to re-render it with their state."""
    context = {**article_context(page), **(extra_context or {})}
    response = render(request, "articles/article_detail.html", context, status=status)
    return _kept_until(
        response,
        article_tag(page.pk),
        *(article_tag(pk) for pk in page.teaser_targets),
        *(person_tag(pk) for pk in page.people_ids),
        *(topic_tag(card["id"]) for card in page.topics),
        shows=(page.pk, *page.teaser_targets),
    )


def article_context(page: Page) -> dict:
    anchors = unique_anchors((s.heading for s in page.sections), RESERVED_ANCHORS, RESERVED_ANCHOR_PATTERN)
    for section, anchor in zip(page.sections, anchors, strict=True):
        section.anchor = anchor
        section.show_teaser = section.read_also is not None
    toc = [s for s in page.sections if s.level == Section.Level.H2]
    return {
        "article": page,
        "sections": page.sections,
        "toc": toc,
        "breadcrumb": topics.breadcrumb(page),
        "suggestions": topics.page_suggestions(page),
    }


def render_preview(
    request: HttpRequest, article: Article, banner: str, revision: Revision | None = None
) -> HttpResponse:
    """A working copy (or a revision) exactly as readers would see it, teasers to articles that
    are not live included and marked; never cached, never indexed."""
    if revision is None:
        content = revisions.working_copy_content(article)
        revision = Revision(
            article=article,
            content=content,
            rendered=revisions.render(content),
            title=content["title"],
            slug=content["slug"],
            summary=revisions.summary(content),
        )
    if revision.go_live_at is None:
        # Never published: the authors it names, and the last medical review of the live version,
        # which a minor correction would keep.
        current = Revision.objects.live().filter(article=article).only("reviewer", "reviewed_on", "next_review_on")
        current = current.first()
        if current is not None:
            revision.reviewer_id, revision.reviewed_on = current.reviewer_id, current.reviewed_on
            revision.next_review_on = current.next_review_on
        revision.people = revisions.people_cards(revision.content.get("authors", []), revision.reviewer_id)
        revision.topics = revisions.topic_cards(revision.content.get("topics", []))
    known = live.live_map().teasers
    targets = {s["read_also"] for s in revision.content["sections"] if s["read_also"]}
    teasers = {
        pk: known.get(pk) or Teaser(pk, title, slug, is_published=False)
        for pk, title, slug in Article.objects.filter(pk__in=targets).values_list("pk", "title", "slug")
    }
    page = revisions.page(revision, teasers, is_published=False)
    context = {**article_context(page), "preview_banner": banner}
    response = render(request, "articles/article_detail.html", context)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Cache-Control"] = "private, no-store"
    return response


@require_safe
def review_link(request: HttpRequest, token: str) -> HttpResponse:
    """The revision a review link froze, for someone without an account; never cached (no
    `cached_page`), never indexed, and the address, which is the key, never sent on as a referrer."""
    link = review_links.link_for_token(token)
    if link is None:
        response = render(request, "articles/review_link_invalid.html", status=404)
        response["X-Robots-Tag"] = "noindex, nofollow"
        response["Cache-Control"] = "private, no-store"
    else:
        response = render_preview(request, link.article, REVIEW_BANNER, revision=link.revision)
    response["Referrer-Policy"] = "no-referrer"
    return response


@require_safe
def search_results(request: HttpRequest) -> HttpResponse:
    """The live articles matching `?q=`, ten a page (`&page=2`…), never indexed by search engines
    and never kept in the page cache (see articles.search)."""
    query = search.parse(request.GET.get("q", ""))
    number = request.GET.get("page")
    if number is not None and not PAGE_NUMBER.fullmatch(number):
        raise Http404(SEARCH_PAGE_MISSING)
    context = {"search_query": query}
    if not query.is_blank:
        paginator = Paginator(search.Matches(query), search.RESULTS_PER_PAGE, allow_empty_first_page=True)
        try:
            context["page"] = page = paginator.page(number or 1)
        except EmptyPage:
            raise Http404(SEARCH_PAGE_MISSING) from None
        context["results"] = page.object_list
        if not paginator.count:
            context["suggestions"] = search.suggestions()
            context["topic_suggestions"] = [found for found in topics.with_counts() if found.live_articles]
    response = render(request, "articles/search.html", context)
    # Every query is a page of its own: no shared cache keeps it; the browser asks again.
    response["Cache-Control"] = "private, no-cache"
    return response
