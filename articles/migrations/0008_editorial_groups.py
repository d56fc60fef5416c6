"""The two editorial roles, with what each may do (superusers may do everything).

Rédacteurs write and submit; Relecteurs médicaux also approve and publish, or send an article
back. Both read readers' opinions and triage them.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

WRITERS = "Rédacteurs"
REVIEWERS = "Relecteurs médicaux"

WRITER_PERMISSIONS = [
    ("articles", "view_article"),
    ("articles", "add_article"),
    ("articles", "change_article"),
    ("articles", "submit_article"),
    ("articles", "view_section"),
    ("articles", "add_section"),
    ("articles", "change_section"),
    ("articles", "delete_section"),
    ("articles", "view_event"),
    ("feedback", "view_feedback"),
    ("feedback", "change_feedback"),
]
REVIEWER_PERMISSIONS = [*WRITER_PERMISSIONS, ("articles", "review_article")]


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():  # permissions are made after migrations otherwise
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, wanted in ((WRITERS, WRITER_PERMISSIONS), (REVIEWERS, REVIEWER_PERMISSIONS)):
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in wanted:
            group.permissions.add(Permission.objects.get(content_type__app_label=app_label, codename=codename))


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[WRITERS, REVIEWERS]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0007_status_replaced_by_state"),
        ("feedback", "0005_opinions_outlive_their_article"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
