"""Renderer 2: a version's HTML holds each section's heading, level and teaser beside its HTML,
so the reader's page never loads the text as typed. Remade from each version's text."""

from django.db import migrations


def rerender(apps, schema_editor):
    from articles.revisions import render

    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.filter(renderer__lt=2).iterator():
        revision.rendered, revision.renderer = render(revision.content), 2
        revision.save(update_fields=["rendered", "renderer"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0009_content_checks")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
