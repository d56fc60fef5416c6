"""The search index (articles.search_index): an index of the revisions' live windows (the search lists
the live ones from it alone), a table of entries on every database, then what each
database searches them with, and the entries of the revisions live now (the seed article) or
scheduled.

PostgreSQL: the `unaccent` extension (trusted: the database's owner may create it) and a French
configuration that removes accents before stemming, so "immunotherapie" finds "immunothérapie"
and "cancers" shares its stem with "cancer"; a GIN index on the weighted words.
SQLite: an FTS5 table of stems (accents also removed by its tokenizer), whose row goes with its
entry (trigger).
"""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models

POSTGRESQL = [
    (
        "CREATE EXTENSION IF NOT EXISTS unaccent",
        None,
    ),
    (
        "CREATE TEXT SEARCH CONFIGURATION fr_unaccent (COPY = french)",
        "DROP TEXT SEARCH CONFIGURATION IF EXISTS fr_unaccent",
    ),
    (
        "ALTER TEXT SEARCH CONFIGURATION fr_unaccent "
        "ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem",
        None,
    ),
    (
        "CREATE INDEX articles_searchentry_vector ON articles_searchentry USING gin (vector)",
        "DROP INDEX IF EXISTS articles_searchentry_vector",
    ),
]
SQLITE = [
    (
        "CREATE VIRTUAL TABLE articles_search_fts USING fts5("
        "title, headings, body, tokenize = 'unicode61 remove_diacritics 2')",
        "DROP TABLE IF EXISTS articles_search_fts",
    ),
    (
        "CREATE TRIGGER articles_searchentry_fts_delete AFTER DELETE ON articles_searchentry "
        "BEGIN DELETE FROM articles_search_fts WHERE rowid = old.revision_id; END",
        "DROP TRIGGER IF EXISTS articles_searchentry_fts_delete",
    ),
]


def _statements(schema_editor) -> list[tuple[str, str | None]]:
    return {"postgresql": POSTGRESQL, "sqlite": SQLITE}.get(schema_editor.connection.vendor, [])


def create_search(apps, schema_editor) -> None:
    for forwards, _ in _statements(schema_editor):
        schema_editor.execute(forwards)


def drop_search(apps, schema_editor) -> None:
    for _, backwards in reversed(_statements(schema_editor)):
        if backwards:
            schema_editor.execute(backwards)


def index_published(apps, schema_editor) -> None:
    from articles import search_index

    Revision = apps.get_model("articles", "Revision")
    search_index.write(
        search_index._published_now_or_later(Revision.objects.all()), apps.get_model("articles", "SearchEntry")
    )


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0021_seo_meta_description"),
    ]

    operations = [
        migrations.AddIndex(
            model_name="revision",
            index=models.Index(fields=["go_live_at", "ends_at"], name="articles_revision_live_window"),
        ),
        migrations.CreateModel(
            name="SearchEntry",
            fields=[
                (
                    "revision",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="+",
                        serialize=False,
                        to="articles.revision",
                    ),
                ),
                ("title", models.CharField(max_length=200)),
                ("headings", models.TextField(blank=True)),
                ("body", models.TextField(blank=True)),
                ("vector", django.contrib.postgres.search.SearchVectorField(editable=False, null=True)),
                (
                    "article",
                    models.ForeignKey(
                        on_delete=django.db.models.deletion.CASCADE, related_name="+", to="articles.article"
                    ),
                ),
            ],
            options={
                "verbose_name": "entrée de l’index de recherche",
                "verbose_name_plural": "entrées de l’index de recherche",
            },
        ),
        migrations.RunPython(create_search, drop_search),
        migrations.RunPython(index_published, migrations.RunPython.noop),
    ]
