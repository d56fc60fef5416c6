"""Each search entry carries its revision's live window (`go_live_at`, `ends_at`), copied from the
revision, so the search keeps the live entries without reading the revisions; the entries already
written get theirs from their revisions. The two indexes list the entries that are not live
(SearchEntryQuerySet.hidden).

On SQLite, making `go_live_at` required copies the table into a new one, which drops the trigger
that deletes an entry's row of the FTS5 table with it (0022): it is made again.
"""

from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def copy_windows(apps, schema_editor) -> None:
    Revision = apps.get_model("articles", "Revision")
    SearchEntry = apps.get_model("articles", "SearchEntry")
    revision = Revision.objects.filter(pk=OuterRef("revision_id"))
    SearchEntry.objects.update(
        go_live_at=Subquery(revision.values("go_live_at")[:1]),
        ends_at=Subquery(revision.values("ends_at")[:1]),
    )


FTS_TRIGGER = (
    "CREATE TRIGGER articles_searchentry_fts_delete AFTER DELETE ON articles_searchentry "
    "BEGIN DELETE FROM articles_search_fts WHERE rowid = old.revision_id; END"
)


def restore_fts_trigger(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute("DROP TRIGGER IF EXISTS articles_searchentry_fts_delete")
        schema_editor.execute(FTS_TRIGGER)


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0022_search_index"),
    ]

    operations = [
        # Backwards, the table is copied again: the trigger is made once the copy is done.
        migrations.RunPython(migrations.RunPython.noop, restore_fts_trigger),
        migrations.AddField(
            model_name="searchentry",
            name="go_live_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.AddField(
            model_name="searchentry",
            name="ends_at",
            field=models.DateTimeField(null=True),
        ),
        migrations.RunPython(copy_windows, migrations.RunPython.noop),
        # Only published revisions are indexed: every entry has an instant it goes live.
        migrations.AlterField(
            model_name="searchentry",
            name="go_live_at",
            field=models.DateTimeField(),
        ),
        migrations.RunPython(restore_fts_trigger, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["go_live_at"], name="articles_searchentry_starts"),
        ),
        migrations.AddIndex(
            model_name="searchentry",
            index=models.Index(fields=["ends_at"], name="articles_searchentry_ends"),
        ),
    ]
