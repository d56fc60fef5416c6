"""Opinions sent before the form named the version read: the version live when each arrived; then
the daily counts the dashboard reads, made from every opinion."""

from django.db import migrations


def attribute_and_count(apps, schema_editor):
    from feedback import ratings

    feedback, revision = apps.get_model("feedback", "Feedback"), apps.get_model("articles", "Revision")
    ratings.attribute_by_window(feedback, revision)
    ratings.rebuild(None, feedback, apps.get_model("feedback", "DailyRating"))


def forget(apps, schema_editor):
    apps.get_model("feedback", "DailyRating").objects.all().delete()
    apps.get_model("feedback", "Feedback").objects.update(revision=None)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_feedback_revision_and_daily_ratings")]

    operations = [migrations.RunPython(attribute_and_count, forget)]
