"""Every version's content names its authors and sources (none before this change), and its hash
follows, so the next save of an unchanged working copy does not make a new version."""

import hashlib
import json

from django.db import migrations


def _hash(content: dict) -> str:
    return hashlib.sha256(json.dumps(content, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def add_keys(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.iterator():
        content = revision.content
        if "authors" in content and "sources" in content:
            continue
        content.setdefault("authors", [])
        content.setdefault("sources", [])
        Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


def drop_keys(apps, schema_editor):
    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.iterator():
        content = revision.content
        content.pop("authors", None)
        content.pop("sources", None)
        Revision.objects.filter(pk=revision.pk).update(content=content, content_hash=_hash(content))


class Migration(migrations.Migration):
    dependencies = [("articles", "0014_trust")]
    operations = [migrations.RunPython(add_keys, drop_keys)]
