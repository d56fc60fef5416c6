"""An article's Markdown file through `manage.py export_article` and `manage.py import_article`,
for the tests of both: what each command prints."""

import io
from pathlib import Path

from django.core.management import call_command


def export(slug: str, *options: str) -> str:
    out = io.StringIO()
    call_command("export_article", slug, *options, stdout=out)
    return out.getvalue()


def import_text(tmp_path: Path, text: str, *options: str) -> str:
    """Import `text` as the file tmp_path/article.md (written as UTF-8, whatever the platform)."""
    path = tmp_path / "article.md"
    path.write_bytes(text.encode())
    out = io.StringIO()
    call_command("import_article", str(path), *options, stdout=out)
    return out.getvalue()
