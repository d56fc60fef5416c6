"""On PostgreSQL, the search reads every match's row (the live window, the title and headings'
small vector) but never its text or whole vector: those leave the row for the TOAST table as soon
as the row passes 128 bytes, and the small vector stays in it (storage MAIN). A word of 10,000
entries then reads about 560 pages instead of 2,000, which halves the count and the page of
results. The rows already written are written again so they take the new layout.

New entries take it as they are written (publishing deletes and writes an article's entries).
"""

from django.db import migrations

POSTGRESQL = [
    (
        "ALTER TABLE articles_searchentry SET (toast_tuple_target = 128)",
        "ALTER TABLE articles_searchentry RESET (toast_tuple_target)",
    ),
    (
        "ALTER TABLE articles_searchentry ALTER COLUMN title_headings_vector SET STORAGE MAIN",
        "ALTER TABLE articles_searchentry ALTER COLUMN title_headings_vector SET STORAGE EXTENDED",
    ),
    # The rows already written, written again in the new layout and packed together (an update
    # would leave the narrow rows spread over as many pages as before).
    ("CLUSTER articles_searchentry USING articles_searchentry_pkey", None),
    ("ALTER TABLE articles_searchentry SET WITHOUT CLUSTER", None),
]


def narrow(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for forwards, _ in POSTGRESQL:
            schema_editor.execute(forwards)


def widen(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for _, backwards in reversed(POSTGRESQL):
            if backwards:
                schema_editor.execute(backwards)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0024_search_title_headings_vector"),
    ]

    operations = [
        migrations.RunPython(narrow, widen),
    ]
