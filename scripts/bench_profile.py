"""Where the article page's time goes, measured in-process (no network, no gunicorn).

    .venv/bin/python scripts/bench_profile.py [--cache file|redis|locmem] [--profile]

Calls the WSGI application directly, on a temporary SQLite database, for the bare view and the
cached article page, and times the pieces the page adds: the page cache's read of the versions
of the page's tags (the page itself is kept per process), the response built from bytes, and the
form-timestamp middleware. With --profile PATH, prints the top functions of that page under
cProfile. `--cache redis` needs REDIS_URL (keys get a throw-away prefix).
"""

import argparse
import cProfile
import io
import os
import pstats
import secrets
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ARTICLE = "/articles/immunotherapie/"


def configure(cache: str, tmp: Path) -> None:
    os.environ.update(
        DJANGO_SETTINGS_MODULE="immuno_site.settings",
        DJANGO_DEBUG="false",
        DJANGO_BENCH_VIEW="true",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DATABASE_URL=f"sqlite:///{tmp / 'profile.sqlite3'}",
        CACHE_DIR=str(tmp / "cache"),
        CACHE_KEY_PREFIX=f"profile-{secrets.token_hex(4)}",
        LOG_LEVEL="WARNING",
    )
    if cache != "redis":
        os.environ.pop("REDIS_URL", None)
    elif not os.environ.get("REDIS_URL"):
        sys.exit("--cache redis needs REDIS_URL")
    sys.path.insert(0, str(ROOT))
    import django
    from django.conf import settings

    django.setup()
    if cache == "locmem":
        settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Plain static storage: the page renders without a collectstatic manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def environ(path: str) -> dict:
    return {
        "REQUEST_METHOD": "GET",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "wsgi.version": (1, 0),
    }


def per_call_us(function, repeat: int) -> float:
    function()
    started = time.perf_counter()
    for _ in range(repeat):
        function()
    return (time.perf_counter() - started) / repeat * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", choices=["file", "redis", "locmem"], default="file")
    parser.add_argument("--repeat", type=int, default=2000)
    parser.add_argument("--profile", metavar="PATH", help="profile this path, e.g. /bench/bare or " + ARTICLE)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="immuno-profile-"))
    configure(args.cache, tmp)

    from django.core.cache import cache, caches
    from django.core.management import call_command
    from django.core.wsgi import get_wsgi_application
    from django.test.utils import override_settings

    from articles import page_cache
    from feedback.spam import sign_shown_at

    call_command("migrate", verbosity=0)
    app = get_wsgi_application()

    def serve(path: str):
        def call() -> None:
            chunks = app(environ(path), lambda status, headers, exc_info=None: None)
            b"".join(chunks)
            chunks.close()

        return call

    page_key = f"articles:page:{ARTICLE}"
    serve(ARTICLE)()
    entry = cache.get(page_key)
    assert isinstance(entry, page_cache.StoredPage), "the article page was not cached"
    page = entry.content
    # What a hit reads from the shared cache once this process's memo of the versions is older
    # than PAGE_VERSION_MEMO_SECONDS (0: on every hit).
    with override_settings(PAGE_VERSION_MEMO_SECONDS=0):
        versions_us = per_call_us(lambda: page_cache.versions(entry.tags), args.repeat)
    rows = [
        ("bare view /bench/bare through WSGI + middleware", per_call_us(serve("/bench/bare"), args.repeat)),
        (f"article page {ARTICLE} (cache hit) through WSGI", per_call_us(serve(ARTICLE), args.repeat)),
        ("home page / (cache hit) through WSGI", per_call_us(serve("/"), args.repeat)),
        (f"  versions of the page's {len(entry.tags)} tags, read from the cache", versions_us),
        (
            f"  cache.get(page, {len(page) // 1024} KiB) (once per process)",
            per_call_us(lambda: cache.get(page_key), args.repeat),
        ),
        ("  sign_shown_at() (form timestamp HMAC)", per_call_us(sign_shown_at, args.repeat)),
        (
            "  bytes.replace of the placeholder in the page",
            per_call_us(lambda: page.replace(b"__x__", b"y"), args.repeat),
        ),
    ]
    print(f"cache backend: {caches['default'].__class__.__name__}; {args.repeat} calls each; microseconds per call")
    for label, micros in rows:
        print(f"{label:<58} {micros:>8.0f} µs")
    print(f"article / bare (in-process throughput ratio): {rows[0][1] / rows[1][1]:.2f}")

    if args.profile:
        profiler = cProfile.Profile()
        call = serve(args.profile)
        profiler.enable()
        for _ in range(args.repeat):
            call()
        profiler.disable()
        stats = pstats.Stats(profiler)
        stats.sort_stats("tottime").print_stats(18)
    if args.cache == "redis":
        import redis

        client = redis.Redis.from_url(os.environ["REDIS_URL"])
        keys = list(client.scan_iter(match=f"{os.environ['CACHE_KEY_PREFIX']}:*"))
        if keys:
            client.delete(*keys)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
