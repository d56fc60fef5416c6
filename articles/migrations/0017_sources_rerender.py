"""Renderer 3: citations `[^3]` and the list of sources. Every version's HTML is remade from its
text; versions without sources (all of them until now) show exactly what they showed."""

from django.db import migrations


def rerender(apps, schema_editor):
    from articles.revisions import render

    Revision = apps.get_model("articles", "Revision")
    for revision in Revision.objects.filter(renderer__lt=3).iterator():
        revision.rendered, revision.renderer = render(revision.content), 3
        revision.save(update_fields=["rendered", "renderer"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0016_review_events")]

    operations = [migrations.RunPython(rerender, migrations.RunPython.noop)]
