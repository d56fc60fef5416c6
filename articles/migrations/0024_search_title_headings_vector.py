"""On PostgreSQL, the words of each entry's title and headings alone (weights A and B), small
enough to be read with the row: the search tells its groups of results apart with them, without
reading every match's whole vector (articles.search). The entries already written get theirs.
"""

import django.contrib.postgres.search
from django.contrib.postgres.search import SearchVector
from django.db import migrations


def fill(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        apps.get_model("articles", "SearchEntry").objects.update(
            title_headings_vector=SearchVector("title", weight="A", config="fr_unaccent")
            + SearchVector("headings", weight="B", config="fr_unaccent")
        )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0023_search_entry_live_window"),
    ]

    operations = [
        migrations.AddField(
            model_name="searchentry",
            name="title_headings_vector",
            field=django.contrib.postgres.search.SearchVectorField(editable=False, null=True),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
