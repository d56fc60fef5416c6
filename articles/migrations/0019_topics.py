"""Thématiques, an article's topics in its working copy, and every version's content naming its
topics (none before this change) with its hash following, as 0015 did for authors: the next save
of an unchanged working copy then makes no new version."""

import hashlib
import json

import django.db.models.deletion
from django.db import migrations, models


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def add_key(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.only("content").iterator():
        content = revision.content
        if "topics" in content:
            continue
        content["topics"] = []
        Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


def drop_key(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.only("content").iterator():
        content = revision.content
        if content.pop("topics", None) is not None:
            Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0018_people_editors_permissions"),
    ]

    operations = [
        migrations.CreateModel(
            name="Topic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "name",
                    models.CharField(
                        error_messages={"unique": "Une thématique porte déjà ce nom."},
                        help_text="Par exemple « Vaccination », « Cancers ».",
                        max_length=100,
                        unique=True,
                        verbose_name="nom",
                    ),
                ),
                (
                    "slug",
                    models.SlugField(
                        error_messages={"unique": "Une autre thématique a déjà cette adresse."},
                        help_text="Sa page : /themes/<slug>/.",
                        max_length=100,
                        unique=True,
                        verbose_name="adresse (slug)",
                    ),
                ),
                (
                    "description",
                    models.TextField(
                        blank=True,
                        help_text="Une ou deux phrases, montrées sur la page de la thématique et dans la liste des thématiques.",
                        verbose_name="description",
                    ),
                ),
            ],
            options={
                "verbose_name": "thématique",
                "verbose_name_plural": "thématiques",
                "ordering": ["name"],
            },
        ),
        migrations.AddField(
            model_name="revision",
            name="topics",
            field=models.JSONField(default=list),
        ),
        migrations.CreateModel(
            name="ArticleTopic",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("position", models.PositiveIntegerField(db_index=True, default=0, verbose_name="position")),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="topic_links", to="articles.article"
                    ),
                ),
                (
                    "topic",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="article_links",
                        to="articles.topic",
                        verbose_name="thématique",
                    ),
                ),
            ],
            options={
                "verbose_name": "article classé dans la thématique",
                "verbose_name_plural": "articles classés dans la thématique",
                "ordering": ["position", "id"],
                "constraints": [models.UniqueConstraint(fields=("article", "topic"), name="articles_topic_once")],
            },
        ),
        migrations.RunPython(add_key, drop_key),
    ]
