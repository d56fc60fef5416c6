"""Render the Markdown of every existing article and section once, now that pages read stored HTML."""

from django.db import migrations

from articles.rendering import render_markdown


def render_all(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    Section = apps.get_model("articles", "Section")
    for article in Article.objects.all():
        article.introduction_html = render_markdown(article.introduction)
        article.conclusion_html = render_markdown(article.conclusion)
        article.save(update_fields=["introduction_html", "conclusion_html"])
    for section in Section.objects.all().iterator():
        section.body_html = render_markdown(section.body)
        section.save(update_fields=["body_html"])


class Migration(migrations.Migration):
    dependencies = [("articles", "0003_rendered_html")]

    operations = [migrations.RunPython(render_all, migrations.RunPython.noop)]
