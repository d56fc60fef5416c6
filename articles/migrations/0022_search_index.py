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
    """The entries of the revisions published now or later, as this migration's table holds them.
    Written here rather than by `articles.search_index`, whose entries have more columns since
    (0023): a migration writes the rows of its own version of the table."""
    from django.contrib.postgres.search import SearchVector
    from django.db.models import Q
    from django.utils import timezone

    from articles import search_text

    Revision = apps.get_model("articles", "Revision")
    SearchEntry = apps.get_model("articles", "SearchEntry")
    now = timezone.now()
    published = Revision.objects.filter(Q(ends_at__isnull=True) | Q(ends_at__gt=now), go_live_at__isnull=False)
    entries = []
    for revision in published.only("id", "article_id", "title", "rendered"):
        sections = revision.rendered.get("sections", [])
        body = [
            revision.rendered.get("introduction", ""),
            *(s[2] for s in sections),
            revision.rendered.get("conclusion", ""),
        ]
        entries.append(
            SearchEntry(
                revision_id=revision.pk,
                article_id=revision.article_id,
                title=revision.title,
                headings="\n".join(s[0] for s in sections),
                body=search_text.text_of(" ".join(body)),
            )
        )
    SearchEntry.objects.bulk_create(entries)
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        SearchEntry.objects.update(
            vector=SearchVector("title", weight="A", config="fr_unaccent")
            + SearchVector("headings", weight="B", config="fr_unaccent")
            + SearchVector("body", weight="C", config="fr_unaccent")
        )
    elif vendor == "sqlite":
        rows = [(e.pk, *(search_text.indexed_words(text) for text in (e.title, e.headings, e.body))) for e in entries]
        with schema_editor.connection.cursor() as cursor:
            cursor.executemany(
                "INSERT INTO articles_search_fts (rowid, title, headings, body) VALUES (%s, %s, %s, %s)", rows
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
