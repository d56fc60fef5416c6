"""Gives every section its key and every article its first revision; a published article's
first revision goes live at once, so readers see exactly what they saw before."""

import hashlib
import json
import uuid

from django.db import migrations
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator

from articles.rendering import render_markdown


def content_of(article, sections) -> dict:
    return {
        "title": article.title,
        "slug": article.slug,
        "introduction": article.introduction,
        "conclusion": article.conclusion,
        "sections": [
            {"key": str(s.key), "heading": s.heading, "level": s.level, "body": s.body, "read_also": s.read_also_id}
            for s in sections
        ],
    }


def forwards(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("articles", "Section")
    Revision = apps.get_model("articles", "Revision")
    for section in Section.objects.filter(key__isnull=True).only("pk"):
        Section.objects.filter(pk=section.pk).update(key=uuid.uuid4())
    now = timezone.now()
    for article in Article.objects.all():
        published = article.status == "published"
        article.state = "published" if published else "draft"
        article.version = 1
        article.save(update_fields=["state", "version"])
        sections = list(Section.objects.filter(article=article).order_by("position", "id"))
        content = content_of(article, sections)
        intro = " ".join(strip_tags(render_markdown(article.introduction)).split())
        Revision.objects.create(
            article=article,
            number=1,
            created_at=now,
            state="published" if published else "saved",
            content=content,
            content_hash=hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest(),
            renderer=1,
            rendered={
                "introduction": render_markdown(article.introduction),
                "conclusion": render_markdown(article.conclusion),
                "sections": [render_markdown(s.body) for s in sections],
            },
            title=article.title,
            slug=article.slug,
            summary=Truncator(intro).words(40, truncate="…"),
            go_live_at=article.created_at if published else None,
            review_scope="complete" if published else "",
            change_note="Première publication" if published else "",
            first_published_at=article.created_at if published else None,
            updated_at=article.created_at if published else None,
        )


class Migration(migrations.Migration):
    dependencies = [("articles", "0005_workflow")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
