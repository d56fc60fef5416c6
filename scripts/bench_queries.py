"""Database queries per page, counted in-process, for `make bench` to print beside its HTTP rows.

    .venv/bin/python scripts/bench_queries.py article   # the public article, home and thématique pages
    .venv/bin/python scripts/bench_queries.py history   # the history and compare screens
    .venv/bin/python scripts/bench_queries.py search    # the search page

Runs on the database and cache that the environment names (DATABASE_URL, REDIS_URL, as the
bench's server gets them), through Django's test client and the whole middleware stack. The
article page is counted as a reader gets it when the page cache misses, in a fresh server
process (no map of the live articles or of the site's texts, no tag versions in memory) and in a
warm one, and as it is made for one person (a reader who sent an opinion, a signed-in staff
member). The home page and a thématique page (the first of `seed_bench_articles`' topics) are
counted the same way when the page cache misses. `history` needs the article of `manage.py seed_bench_history` and its editor.
"""

import os
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE_PATH = "/articles/immunotherapie/"
TOPIC_PATH = "/themes/banc-essai-0/"


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "immuno_site.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def count(client, path: str, before: Callable[[], None] = lambda: None) -> int:
    """Queries of one GET of `path` (after a first one that warms the process), asserting a 200."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(path)
    before()
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    if response.status_code != 200:
        raise RuntimeError(f"GET {path}: {response.status_code}")
    return len(queries)


def article_rows() -> list[tuple[str, int]]:
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.cache import cache
    from django.core.signing import get_cookie_signer
    from django.test import Client

    from articles import live, page_cache, topics
    from feedback.sent import SALT
    from site_pages import site_wide

    def missed(path: str = ARTICLE_PATH) -> Callable[[], None]:
        def forget() -> None:
            cache.delete(page_cache.page_key(path, ""))
            page_cache._process_pages.clear()

        return forget

    def fresh_process(path: str = ARTICLE_PATH) -> Callable[[], None]:
        def forget() -> None:
            missed(path)()
            live._map.clear()
            topics._map.clear()
            site_wide._map.clear()
            page_cache._memo.clear()

        return forget

    reader = Client(HTTP_HOST="127.0.0.1")
    sent = Client(HTTP_HOST="127.0.0.1")
    sent.cookies[settings.FEEDBACK_SENT_COOKIE] = get_cookie_signer(salt=settings.FEEDBACK_SENT_COOKIE + SALT).sign("0")
    staff = Client(HTTP_HOST="127.0.0.1")
    user, _ = get_user_model().objects.get_or_create(username="bench-staff", defaults={"is_staff": True})
    staff.force_login(user)
    return [
        (
            f"article page {ARTICLE_PATH}, reader, page cache miss, fresh process",
            count(reader, ARTICLE_PATH, fresh_process()),
        ),
        (f"article page {ARTICLE_PATH}, reader, page cache miss, warm process", count(reader, ARTICLE_PATH, missed())),
        (f"article page {ARTICLE_PATH}, reader, page cache hit", count(reader, ARTICLE_PATH)),
        (f"article page {ARTICLE_PATH}, reader who sent an opinion (made for them)", count(sent, ARTICLE_PATH)),
        (f"article page {ARTICLE_PATH}, staff session (made for them)", count(staff, ARTICLE_PATH)),
        *(
            row
            for path, name in (("/", "home page /"), (TOPIC_PATH, f"thématique page {TOPIC_PATH}"))
            for row in (
                (f"{name}, reader, page cache miss, fresh process", count(reader, path, fresh_process(path))),
                (f"{name}, reader, page cache miss, warm process", count(reader, path, missed(path))),
            )
        ),
    ]


def history_rows() -> list[tuple[str, int]]:
    from django.contrib.auth import get_user_model
    from django.test import Client

    from articles.management.commands.seed_bench_history import EDITOR, SLUG
    from articles.models import Article

    article = Article.objects.get(slug=SLUG)
    last = article.revisions.count()
    editor = Client(HTTP_HOST="127.0.0.1")
    editor.force_login(get_user_model().objects.get(username=EDITOR))
    admin = f"/admin/articles/article/{article.pk}"
    return [
        (f"history screen ({last} versions), editor", count(editor, f"{admin}/history/")),
        (f"compare 1 → {last}, editor", count(editor, f"{admin}/comparer/?de=1&a={last}")),
        (f"compare {last - 1} → {last}, editor", count(editor, f"{admin}/comparer/?de={last - 1}&a={last}")),
    ]


def search_rows() -> list[tuple[str, int]]:
    from django.test import Client

    reader = Client(HTTP_HOST="127.0.0.1")
    return [(f"search page /recherche/?q={q}, reader", count(reader, f"/recherche/?q={q}")) for q in SEARCH_WORDS]


SEARCH_WORDS = ("immunotherapie", "vaccin", "paludisme")
ROWS = {"article": article_rows, "history": history_rows, "search": search_rows}


def main() -> None:
    what = sys.argv[1] if len(sys.argv) > 1 else "article"
    if what not in ROWS:
        sys.exit("usage: bench_queries.py article|history|search")
    setup()
    rows = ROWS[what]()
    width = max(len(label) for label, _ in rows)
    for label, queries in rows:
        print(f"{label:<{width}}  {queries:>3} queries")


if __name__ == "__main__":
    main()
