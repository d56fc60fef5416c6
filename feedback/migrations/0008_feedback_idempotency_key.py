"""Opinions that waited in the spool while the database was down carry a key, stored once."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_search_index"),
        ("feedback", "0007_attribute_opinions_to_versions"),
    ]

    operations = [
        migrations.AddField(
            model_name="feedback",
            name="idempotency_key",
            field=models.CharField(blank=True, editable=False, max_length=64, null=True),
        ),
        migrations.AddConstraint(
            model_name="feedback",
            constraint=models.UniqueConstraint(
                condition=models.Q(("idempotency_key__isnull", False)),
                fields=("idempotency_key",),
                name="feedback_one_per_idempotency_key",
            ),
        ),
    ]
