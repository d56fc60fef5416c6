"""Snapshots of the working copy, and the page a snapshot makes.

A snapshot's `content` keeps what editors typed (Markdown), never HTML; its `rendered` HTML is a
cache made by `render()` with the renderer version it records.
"""

import hashlib
import json
import re
from collections.abc import Mapping

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles import content_checks
from articles.models import (
    Article,
    ArticleAuthor,
    ArticleTopic,
    Page,
    PageSection,
    Person,
    Revision,
    Section,
    Source,
    Teaser,
    Topic,
)
from articles.rendering import RENDERER_VERSION, Citations, render_markdown, source_id

SUMMARY_WORDS = 40
# What search engines show of a description; the default one is the summary cut to this length.
DESCRIPTION_CHARS = 160


SOURCE_FIELDS = ("title", "organisation", "url", "published_on", "consulted_on")
_WEB_ADDRESS = re.compile(r"https?://", re.IGNORECASE)


def working_copy_content(article: Article) -> dict:
    sections = article.sections.order_by("position", "id").values("key", "heading", "level", "body", "read_also_id")
    authors = article.authorships.order_by("position", "id").values_list("person_id", flat=True)
    topics = article.topic_links.order_by("position", "id").values_list("topic_id", flat=True)
    sources = article.sources.order_by("position", "id").values("key", *SOURCE_FIELDS)
    return {
        "title": article.title,
        "slug": article.slug,
        "introduction": article.introduction,
        "conclusion": article.conclusion,
        "meta_description": article.meta_description,
        "sections": [
            {
                "key": str(s["key"]),
                "heading": s["heading"],
                "level": s["level"],
                "body": s["body"],
                "read_also": s["read_also_id"],
            }
            for s in sections
        ],
        "authors": list(authors),
        "topics": list(topics),
        "sources": [
            {
                "key": str(s["key"]),
                **{name: s[name] for name in SOURCE_FIELDS if not name.endswith("_on")},
                "published_on": s["published_on"].isoformat() if s["published_on"] else None,
                "consulted_on": s["consulted_on"].isoformat() if s["consulted_on"] else None,
            }
            for s in sources
        ],
    }


def content_hash(content: Mapping) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def render(content: Mapping) -> dict:
    """Everything the reader's page needs and nothing else (no Markdown): the page reads this alone.

    The texts are rendered in page order (introduction, sections, conclusion) through one
    `Citations`, so every citation on the page has an id of its own; each source then lists the
    ids of its citations, for the links back to the text. A version saved before sources existed
    has none."""
    sources = content.get("sources", [])
    citations = Citations(len(sources))
    introduction = render_markdown(content["introduction"], citations)
    sections = [
        [section["heading"], section["level"], render_markdown(section["body"], citations), section["read_also"]]
        for section in content["sections"]
    ]
    conclusion = render_markdown(content["conclusion"], citations)
    return {
        "introduction": introduction,
        "conclusion": conclusion,
        "description": content.get("meta_description", "").strip(),
        "sections": sections,
        "sources": [_page_source(number, source, citations) for number, source in enumerate(sources, start=1)],
    }


def _page_source(number: int, source: Mapping, citations: Citations) -> dict:
    """A source as the page lists it; its address only if it is a web address (a link never runs script)."""
    url = source["url"] if _WEB_ADDRESS.match(source["url"] or "") else ""
    return {
        "number": number,
        "id": source_id(number),
        "title": source["title"],
        "organisation": source["organisation"],
        "url": url,
        "published_on": source["published_on"],
        "consulted_on": source["consulted_on"],
        "citations": citations.of(number),
    }


def summary(content: Mapping) -> str:
    text = strip_tags(render_markdown(content["introduction"], without_citations=True))
    return Truncator(" ".join(text.split())).words(SUMMARY_WORDS, truncate="…")


def description(meta_description: str, summary: str) -> str:
    """The editors' description, or the summary of the introduction cut for search engines."""
    return meta_description or Truncator(summary).chars(DESCRIPTION_CHARS)


def checks(content: Mapping) -> dict:
    """The save-time content checks, as plain values kept with the snapshot."""
    report = content_checks.check(dict(content))
    return {
        "warnings": [
            {"code": str(w.code), "message": w.message, "section_key": w.section_key} for w in report.warnings
        ],
        "readability": report.readability,
        "readability_label": report.readability_label,
        "reading_minutes": report.reading_minutes,
        "words": report.words,
    }


def latest(article: Article) -> Revision | None:
    return article.revisions.order_by("-number").first()


def snapshot(article: Article, user, content: dict | None = None) -> Revision | None:
    """Keep the working copy as a new revision, unless it is the same as the latest one."""
    content = content if content is not None else working_copy_content(article)
    digest = content_hash(content)
    previous = latest(article)
    if previous is not None and previous.content_hash == digest:
        return None
    return Revision.objects.create(
        article=article,
        number=(previous.number + 1) if previous else 1,
        created_by=user if user is not None and user.pk else None,
        content=content,
        content_hash=digest,
        renderer=RENDERER_VERSION,
        rendered=render(content),
        title=content["title"],
        slug=content["slug"],
        summary=summary(content),
        checks=checks(content),
    )


@transaction.atomic
def write_working_copy(article: Article, content: Mapping) -> None:
    """Make the working copy hold `content` (a revision's, or an imported file's): same fields,
    same sections (matched by their key); saves `article` first if it is new."""
    article.title, article.slug = content["title"], content["slug"]
    article.introduction, article.conclusion = content["introduction"], content["conclusion"]
    # Content without the key (no version lacks it since migration 0021) keeps the working copy's.
    article.meta_description = content.get("meta_description", article.meta_description)
    article.save()
    existing = {str(s.key): s for s in article.sections.all()}
    wanted = {s["key"] for s in content["sections"]}
    article.sections.exclude(key__in=wanted).delete()
    teasable = set(
        Article.objects.filter(pk__in=[s["read_also"] for s in content["sections"]]).values_list("pk", flat=True)
    )
    for position, data in enumerate(content["sections"], start=1):
        section = existing.get(data["key"]) or Section(article=article, key=data["key"])
        section.position = position
        section.heading, section.level, section.body = data["heading"], data["level"], data["body"]
        section.read_also_id = data["read_also"] if data["read_also"] in teasable else None
        section.save()
    _write_links(article, article.authorships, ArticleAuthor, Person, "person", content.get("authors", []))
    _write_links(article, article.topic_links, ArticleTopic, Topic, "topic", content.get("topics", []))
    _write_sources(article, content.get("sources", []))


def _write_links(article: Article, links, link_model, target_model, target: str, ids: list[int]) -> None:
    """Make the article's ordered links (its authors, its topics) name `ids` in this order, each
    once, leaving out ids that name nothing (a person or a topic deleted since)."""
    known = set(target_model.objects.filter(pk__in=ids).values_list("pk", flat=True))
    links.all().delete()
    link_model.objects.bulk_create(
        link_model(article=article, position=position, **{f"{target}_id": pk})
        for position, pk in enumerate((pk for pk in dict.fromkeys(ids) if pk in known), start=1)
    )


def _write_sources(article: Article, sources: list[dict]) -> None:
    existing = {str(s.key): s for s in article.sources.all()}
    article.sources.exclude(key__in=[s["key"] for s in sources]).delete()
    for position, data in enumerate(sources, start=1):
        source = existing.get(data["key"]) or Source(article=article, key=data["key"])
        source.position = position
        source.title, source.organisation, source.url = data["title"], data["organisation"], data["url"]
        source.published_on, source.consulted_on = data["published_on"], data["consulted_on"]
        source.save()


def people_cards(author_ids: list[int], reviewer_id: int | None) -> dict:
    """The authors' and the reviewer's cards a page shows, read now (one query, none if nobody)."""
    wanted = {*author_ids, reviewer_id} - {None}
    people = {person.pk: person.card() for person in Person.objects.filter(pk__in=wanted)} if wanted else {}
    return {"authors": [people[pk] for pk in author_ids if pk in people], "reviewer": people.get(reviewer_id)}


def topic_cards(topic_ids: list[int]) -> list[dict]:
    """The cards of these topics, in this order, read now (one query, none if no topic); a topic
    deleted since is left out."""
    found = {topic.pk: topic.card() for topic in Topic.objects.filter(pk__in=topic_ids)} if topic_ids else {}
    return [found[pk] for pk in topic_ids if pk in found]


def page(revision: Revision, teasers: Mapping[int, Teaser], is_published: bool = True) -> Page:
    """The page `revision` makes; a teaser shows only if its target is in `teasers`."""
    html = revision.rendered
    sections = [
        PageSection(heading, level, body_html, teasers.get(target))
        for heading, level, body_html, target in html["sections"]
    ]
    return Page(
        pk=revision.article_id,
        revision_id=revision.pk,
        title=revision.title,
        slug=revision.slug,
        summary=revision.summary,
        introduction_html=html["introduction"],
        conclusion_html=html["conclusion"],
        sections=sections,
        teaser_targets=[target for *_, target in html["sections"] if target],
        sources=html.get("sources", []),
        first_published_at=revision.first_published_at,
        updated_at=revision.updated_at,
        updates=revision.updates,
        is_published=is_published,
        authors=revision.people.get("authors", []),
        reviewer=revision.people.get("reviewer"),
        reviewed_on=revision.reviewed_on,
        next_review_on=revision.next_review_on,
        topics=revision.topics,
        description=description(html.get("description", ""), revision.summary),
    )
