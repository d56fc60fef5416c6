"""Articles out of the site and back in as Markdown files (the format is articles.article_file).

An import never publishes: it replaces the working copy, as a save in the admin does, and keeps a
snapshot through `publishing.record_save`; the article then goes through review as usual.
"""

import uuid
from dataclasses import dataclass

from django.db import transaction

from articles import publishing, revisions
from articles.article_file import ArticleFile, FileSection, FileSource, normalise
from articles.models import Article, Person, Revision, Section, Source, Topic


class ExchangeError(Exception):
    """An export or import refused, with the reason in French."""


@dataclass(frozen=True, slots=True)
class Imported:
    article: Article
    created: bool
    revision: Revision | None  # None: the file held the working copy already, nothing was saved
    new_keys: int = 0  # sections whose key in the file is another article's: they got a key of their own
    new_source_keys: int = 0  # the same, for sources


def find_article(slug: str) -> Article | None:
    """The article at this address: its working copy's, else one readers have known (an older
    published slug, as a `--live` export of an article renamed since may carry)."""
    article = Article.objects.filter(slug=slug).first()
    if article is None:
        published = Revision.objects.published().filter(slug=slug).values_list("article_id", flat=True)
        article = Article.objects.filter(pk__in=published).first()
    return article


def export(article: Article, live: bool = False) -> ArticleFile:
    """The working copy, or with `live` the revision readers see now."""
    if live:
        revision = Revision.objects.live().filter(article=article).first()
        if revision is None:
            raise ExchangeError(f"« {article.title} » n’est pas en ligne : il n’a pas de version publiée à exporter.")
        content = revision.content
    else:
        content = revisions.working_copy_content(article)
    targets = {s["read_also"] for s in content["sections"]} - {None}
    slugs = dict(Article.objects.filter(pk__in=targets).values_list("pk", "slug"))
    people = dict(Person.objects.filter(pk__in=content.get("authors", [])).values_list("pk", "slug"))
    topics = dict(Topic.objects.filter(pk__in=content.get("topics", [])).values_list("pk", "slug"))
    return ArticleFile(
        title=content["title"],
        slug=content["slug"],
        introduction=content["introduction"],
        conclusion=content["conclusion"],
        sections=tuple(
            FileSection(s["heading"], s["level"], s["body"], s["key"], slugs.get(s["read_also"]))
            for s in content["sections"]
        ),
        sources=tuple(
            FileSource(s["title"], s["organisation"], s["url"], s["published_on"], s["consulted_on"], s["key"])
            for s in content.get("sources", [])
        ),
        authors=tuple(people[pk] for pk in content.get("authors", []) if pk in people),
        topics=tuple(topics[pk] for pk in content.get("topics", []) if pk in topics),
        description=content.get("meta_description", ""),
    )


@transaction.atomic
def import_file(document: ArticleFile, user) -> Imported:
    """Make `document` the working copy of the article at its slug, or of a new article."""
    found = find_article(document.slug)
    article = Article.objects.select_for_update().get(pk=found.pk) if found else Article()
    current = revisions.working_copy_content(article) if article.pk else None
    teasers = _teasers(document, article)
    taken = _keys_of_other_articles(document, article)
    taken_sources = _source_keys_of_other_articles(document, article)
    content = {
        **_content(document, current, teasers, taken),
        "sources": _sources(document, current, taken_sources),
        "authors": _authors(document),
        "topics": _topics(document),
        "meta_description": _kept((current or {}).get("meta_description"), document.description),
    }
    if content == current:
        return Imported(article, created=False, revision=None)
    revisions.write_working_copy(article, content)
    revision = publishing.record_save(article, user)
    return Imported(
        article,
        created=current is None,
        revision=revision,
        new_keys=len(taken),
        new_source_keys=len(taken_sources),
    )


def _teasers(document: ArticleFile, article: Article) -> dict[str, int]:
    """The teased articles' ids by slug; every slug must name another article of the site."""
    wanted = {s.read_also for s in document.sections if s.read_also}
    if document.slug in wanted or (article.pk and article.slug in wanted):
        raise ExchangeError("Un « À lire aussi » renvoie à l’article lui-même : choisissez un autre article.")
    found = dict(Article.objects.filter(slug__in=wanted).values_list("slug", "pk"))
    missing = sorted(wanted - set(found))
    if missing:
        raise ExchangeError(
            f"« À lire aussi » vers {'des articles qui n’existent' if len(missing) > 1 else 'un article qui n’existe'} "
            f"pas sur le site : {', '.join(missing)}. Rien n’a été importé."
        )
    return found


def _authors(document: ArticleFile) -> list[int]:
    """The authors' person ids, in the file's order; every address must name a person of the site."""
    found = dict(Person.objects.filter(slug__in=document.authors).values_list("slug", "pk"))
    missing = [slug for slug in dict.fromkeys(document.authors) if slug not in found]
    if missing:
        raise ExchangeError(
            f"Auteur{'s' if len(missing) > 1 else ''} inconnu{'s' if len(missing) > 1 else ''} sur le site : "
            f"{', '.join(missing)}. Créez {'ces personnes' if len(missing) > 1 else 'cette personne'} dans "
            "l’administration ou corrigez l’adresse. Rien n’a été importé."
        )
    return [found[slug] for slug in dict.fromkeys(document.authors)]


def _topics(document: ArticleFile) -> list[int]:
    """The thématiques' ids, in the file's order; every address must name a topic of the site."""
    found = dict(Topic.objects.filter(slug__in=document.topics).values_list("slug", "pk"))
    missing = [slug for slug in dict.fromkeys(document.topics) if slug not in found]
    if missing:
        many = len(missing) > 1
        raise ExchangeError(
            f"Thématique{'s' if many else ''} inconnue{'s' if many else ''} sur le site : {', '.join(missing)}. "
            f"Créez-{'les' if many else 'la'} dans l’administration (Thématiques) ou corrigez l’adresse. "
            "Rien n’a été importé."
        )
    return [found[slug] for slug in dict.fromkeys(document.topics)]


def _keys_of_other_articles(document: ArticleFile, article: Article) -> set[str]:
    """Keys in the file that name a section of another article (the file is a copy): those sections
    are new here, and get keys of their own."""
    keys = [s.key for s in document.sections if s.key]
    others = Section.objects.filter(key__in=keys).exclude(article_id=article.pk)
    return {str(key) for key in others.values_list("key", flat=True)}


def _source_keys_of_other_articles(document: ArticleFile, article: Article) -> set[str]:
    keys = [s.key for s in document.sources if s.key]
    others = Source.objects.filter(key__in=keys).exclude(article_id=article.pk)
    return {str(key) for key in others.values_list("key", flat=True)}


def _sources(document: ArticleFile, current: dict | None, taken: set[str]) -> list[dict]:
    """The sources the file lists, in its order; a title the file writes only differently (blank
    space around it) stays as the working copy has it."""
    stored = {s["key"]: s for s in (current or {}).get("sources", [])}
    sources = []
    for source in document.sources:
        key = source.key if source.key and source.key not in taken else str(uuid.uuid4())
        before = stored.get(key, {})
        sources.append(
            {
                "key": key,
                "title": _kept(before.get("title"), source.title),
                "organisation": _kept(before.get("organisation"), source.organisation),
                "url": source.url,
                "published_on": source.published_on,
                "consulted_on": source.consulted_on,
            }
        )
    return sources


def _content(document: ArticleFile, current: dict | None, teasers: dict[str, int], taken: set[str]) -> dict:
    """The snapshot content the file makes. Where a text differs from the working copy's only as
    the file writes texts (line ends, blank space around it), the working copy's is kept, so a
    file exported and imported unchanged saves nothing."""
    current = current or {"title": None, "introduction": None, "conclusion": None, "sections": []}
    stored = {s["key"]: s for s in current["sections"]}
    sections = []
    for section in document.sections:
        key = section.key if section.key and section.key not in taken else str(uuid.uuid4())
        before = stored.get(key, {})
        sections.append(
            {
                "key": key,
                "heading": _kept(before.get("heading"), section.heading),
                "level": section.level,
                "body": _kept(before.get("body"), section.body),
                "read_also": teasers.get(section.read_also),
            }
        )
    return {
        "title": _kept(current["title"], document.title),
        "slug": document.slug,
        "introduction": _kept(current["introduction"], document.introduction),
        "conclusion": _kept(current["conclusion"], document.conclusion),
        "sections": sections,
    }


def _kept(stored: str | None, text: str) -> str:
    return stored if stored is not None and normalise(stored) == text else text
