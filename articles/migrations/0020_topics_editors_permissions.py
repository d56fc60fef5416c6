"""Both editorial roles manage the thématiques (add, change, delete: a topic still chosen by an
article cannot be deleted) and choose an article's topics."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Rédacteurs", "Relecteurs médicaux"]
CODENAMES = [
    "view_topic",
    "add_topic",
    "change_topic",
    "delete_topic",
    "view_articletopic",
    "add_articletopic",
    "change_articletopic",
    "delete_articletopic",
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
    dependencies = [("articles", "0019_topics")]

    operations = [migrations.RunPython(grant, revoke)]
