import uuid

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_first_revisions")]

    operations = [
        migrations.RemoveField(model_name="article", name="status"),
        migrations.AlterField(
            model_name="section",
            name="key",
            field=models.UUIDField(default=uuid.uuid4, editable=False, unique=True),
        ),
    ]
