"""On PostgreSQL, the GIN index of the entries' words is written at once rather than through its
pending list (`fastupdate = off`). With the pending list, the words of new entries wait there,
unsorted, until a vacuum or until the list reaches 4 MB, and every search reads the whole list:
after 10,000 entries were written, a search for a word found nowhere took 45 ms instead of
0.3 ms until autovacuum came. Entries are written when an article is published (a few a day) and
searched at every request: the index is kept sorted for the readers. What is pending now is moved
into the index.
"""

from django.db import migrations

POSTGRESQL = [
    (
        "ALTER INDEX articles_searchentry_vector SET (fastupdate = off)",
        "ALTER INDEX articles_searchentry_vector RESET (fastupdate)",
    ),
    ("SELECT gin_clean_pending_list('articles_searchentry_vector')", None),
]


def forwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for sql, _ in POSTGRESQL:
            schema_editor.execute(sql)


def backwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        for _, sql in reversed(POSTGRESQL):
            if sql:
                schema_editor.execute(sql)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0025_search_entry_narrow_rows"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
    ]
