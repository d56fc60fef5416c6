"""An article's description for search engines: a field of the working copy, and a key of every
version's content (empty: the introduction's start), its hash following, so the next save of an
unchanged working copy does not make a new version."""

import hashlib
import json

from django.db import migrations, models


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def add_key(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.iterator():
        content = revision.content
        if "meta_description" in content:
            continue
        content["meta_description"] = ""
        Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


def drop_key(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.iterator():
        content = revision.content
        if content.pop("meta_description", None) is None:
            continue
        Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_topics_editors_permissions")]

    operations = [
        migrations.AddField(
            model_name="article",
            name="meta_description",
            field=models.CharField(
                blank=True,
                help_text=(
                    "Le résumé que les moteurs de recherche et les réseaux sociaux montrent sous le titre : une ou "
                    "deux phrases, 160 caractères au plus. Vide : le début de l’introduction. Publié avec l’article."
                ),
                max_length=160,
                verbose_name="description pour les moteurs de recherche",
            ),
        ),
        migrations.RunPython(add_key, drop_key),
    ]
