"""Both editorial roles see the list of review links (each article's links are on its form too)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Rédacteurs", "Relecteurs médicaux"]


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True  # permissions are made after migrations otherwise
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.get(content_type__app_label="articles", codename="view_reviewlink")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(view)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    view = Permission.objects.filter(content_type__app_label="articles", codename="view_reviewlink")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*view)


class Migration(migrations.Migration):
    dependencies = [("articles", "0011_review_links")]

    operations = [migrations.RunPython(grant, revoke)]
