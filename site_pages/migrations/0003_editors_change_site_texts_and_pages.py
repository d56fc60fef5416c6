"""Both editorial groups change the site's texts and pages (no medical content: no review step).
Adding or deleting a page, which adds or removes a link on every page, stays with superusers."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

GROUPS = ["Rédacteurs", "Relecteurs médicaux"]
PERMISSIONS = ["view_sitetexts", "change_sitetexts", "view_sitepage", "change_sitepage"]


def grant(apps, schema_editor):
    app_config = apps.get_app_config("site_pages")
    app_config.models_module = True  # permissions are made after migrations otherwise
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="site_pages", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.add(*permissions)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permissions = Permission.objects.filter(content_type__app_label="site_pages", codename__in=PERMISSIONS)
    for group in Group.objects.filter(name__in=GROUPS):
        group.permissions.remove(*permissions)


class Migration(migrations.Migration):
    dependencies = [
        ("site_pages", "0002_default_texts_and_pages"),
        ("articles", "0008_editorial_groups"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
