"""Both editorial roles present the people who write and review: they add and edit them (their
account link stays a superuser's: see articles.people_admin), choose an article's authors and list
its sources."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Rédacteurs", "Relecteurs médicaux"]
CODENAMES = [
    "view_person",
    "add_person",
    "change_person",
    "view_articleauthor",
    "add_articleauthor",
    "change_articleauthor",
    "delete_articleauthor",
    "view_source",
    "add_source",
    "change_source",
    "delete_source",
]


def grant(apps, schema_editor):
    articles = apps.get_app_config("articles")
    articles.models_module = True  # permissions are made after migrations otherwise
    create_permissions(articles, apps=apps, verbosity=0)
    articles.models_module = None
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.add(*wanted)


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    wanted = Permission.objects.filter(content_type__app_label="articles", codename__in=CODENAMES)
    for group in apps.get_model("auth", "Group").objects.filter(name__in=GROUPS):
        group.permissions.remove(*wanted)


class Migration(migrations.Migration):
    dependencies = [("articles", "0017_sources_rerender")]

    operations = [migrations.RunPython(grant, revoke)]
