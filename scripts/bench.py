"""Load test behind `make bench`: the production gunicorn config under wrk, on SQLite and on
PostgreSQL + Redis (when DATABASE_URL and REDIS_URL are set), before and after loading bench data;
then the editors' history and compare screens of an article with a long history, one request at
a time, as one editor waits for them; then, on PostgreSQL + Redis, the article page and the
feedback post under wrk while the cache or the database is away (the fault rows, below).

The server is pinned to core 1 and wrk (or the sequential client) to core 0, so they do not fight
for the same CPU. Every server gets its own temporary database and cache; nothing outside
127.0.0.1 is touched. Each table starts with the database queries of its pages, counted
in-process by scripts/bench_queries.py.
Environment knobs: BENCH_SECONDS (10), BENCH_WARMUP (2), BENCH_WORKERS (2), BENCH_CONNECTIONS (16),
BENCH_ARTICLES (1000), BENCH_FEEDBACK (1000000), BENCH_SCREEN_REQUESTS (200),
BENCH_BACKENDS (sqlite,postgres), BENCH_DB_NAME (immuno_bench: the PostgreSQL database made and
dropped for the run), BENCH_PARTS (pages,history,search,faults: `BENCH_PARTS=search` runs the
search alone), BENCH_SEARCH_ARTICLES (1000,10000: the numbers of articles the search is timed at).

The fault rows (`BENCH_PARTS=faults BENCH_BACKENDS=postgres`) start the site through
scripts/fault_harness.py: PostgreSQL and a redis-server of the bench's own each behind a TCP proxy
that is cut for a row, never the shared servers. Rows: normal, database stopped with the page in
the cache, cache hung (the proxy swallows everything), cache stopped (connections refused).
Each row gives, for readers of the article page and for posters of opinions, requests/s, server
CPU per request and the status codes seen during the fault (and how many pages said
X-Served-Stale), then, once both parts are back and the spool is empty, the posts acknowledged
against the rows stored.
"""

# The commands run are fixed programs of this repository and the URLs are local: S603/S310 do not apply.
# ruff: noqa: S603, S310

import http.client
import json
import math
import os
import re
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from fault_harness import BLACKHOLE, REFUSE, FaultySite, faulty_site
from gunicorn_server import free_port, start_server, stop_server

ROOT = Path(__file__).resolve().parent.parent
PY = str(ROOT / ".venv" / "bin" / "python")
LUA = str(ROOT / "scripts" / "bench.lua")
SERVER_CORE, WRK_CORE = "1", "0"

SECONDS = int(os.environ.get("BENCH_SECONDS", "10"))
WARMUP = int(os.environ.get("BENCH_WARMUP", "2"))
WORKERS = int(os.environ.get("BENCH_WORKERS", "2"))
CONNECTIONS = int(os.environ.get("BENCH_CONNECTIONS", "16"))
SEED_ARTICLES = int(os.environ.get("BENCH_ARTICLES", "1000"))
SEED_FEEDBACK = int(os.environ.get("BENCH_FEEDBACK", "1000000"))
SCREEN_REQUESTS = int(os.environ.get("BENCH_SCREEN_REQUESTS", "200"))
SCREEN_WARMUP = 10
BACKENDS = os.environ.get("BENCH_BACKENDS", "sqlite,postgres").split(",")
BENCH_DB_NAME = os.environ.get("BENCH_DB_NAME", "immuno_bench")
PARTS = os.environ.get("BENCH_PARTS", "pages,history,search,faults").split(",")
SERVER_PARTS = {"pages", "history", "search"}  # measured on one server started for them
SEARCH_ARTICLES = [int(n) for n in os.environ.get("BENCH_SEARCH_ARTICLES", "1000,10000").split(",")]
# A word of the seed article only, words of nearly every bench article (their vocabulary is 19
# words: the worst case, every article matches and is put in its group), and a word of none.
SEARCH_QUERIES = [
    ("rare word", "immunotherapie"),
    ("common word", "vaccin"),
    ("two common words", "traitements cancer"),
    ("no result", "paludisme"),
]
ARTICLE_PATH = "/articles/immunotherapie/"
# The first of seed_bench_articles' thématiques (made before the first table, empty until the
# bench articles are loaded, then holding about 150 of them).
TOPIC_PATH = "/themes/banc-essai-0/"
REFERENCE_PATH = "/bench/reference/immunotherapie/"


@dataclass
class Backend:
    label: str
    env: dict[str, str]


@dataclass
class Row:
    label: str
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int
    cpu_ms: float
    result: dict


def base_env(tmp: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "REDIS_URL", "CACHE_DIR")}
    env.update(
        DJANGO_ENV="development",  # production would switch the bench view off and redirect to https
        DJANGO_DEBUG="false",
        DJANGO_BENCH_VIEW="true",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        STATIC_ROOT=str(tmp / "static"),
        FEEDBACK_RATE_LIMIT="0",
        FEEDBACK_MIN_SECONDS="0",
        FEEDBACK_DUPLICATE_WINDOW="0",
        WEB_CONCURRENCY=str(WORKERS),
        GUNICORN_MAX_REQUESTS="0",  # no worker restart in the middle of a row
        HOST="127.0.0.1",
        GUNICORN_ACCESS_LOG=str(tmp / "access.log"),
        LOG_LEVEL="WARNING",
    )
    return env


def manage(env: dict[str, str], *args: str) -> str:
    return run_python(env, "manage.py", *args)


def run_python(env: dict[str, str], *args: str) -> str:
    done = subprocess.run([PY, *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}\n{done.stderr}")
    return done.stdout


def query_counts(env: dict[str, str], pages: str) -> list[str]:
    """Database queries per page (`article` or `history`), counted in-process on the bench's data."""
    lines = run_python(env, "scripts/bench_queries.py", pages).splitlines()
    return ["queries per request, counted in-process (Django test client, whole middleware stack):", *lines]


def get(url: str) -> str:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.read().decode()


# wrk's own 2 s timeout would count a slow answer as an error (it happens while gunicorn recycles a
# worker after max_requests on a busy machine); 10 s keeps "error" for requests that really fail.
def wrk(
    url: str, seconds: int, post_token: str | None = None, origin: str = "", cookie: str = "", statuses: bool = False
) -> dict:
    env = dict(os.environ, BENCH_COOKIE=cookie)
    if statuses:
        env["BENCH_STATUSES"] = "1"
    if post_token:
        env.update(BENCH_POST_TOKEN=post_token, BENCH_ORIGIN=origin)
    cmd = [
        "taskset",
        "-c",
        WRK_CORE,
        "wrk",
        "-t1",
        f"-c{CONNECTIONS}",
        f"-d{seconds}s",
        "--timeout",
        "10s",
        "-s",
        LUA,
        url,
    ]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=seconds + 60)
    match = re.search(r"^BENCH_JSON (.*)$", done.stdout, re.MULTILINE)
    if done.returncode != 0 or not match:
        raise RuntimeError(f"wrk failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(match.group(1))


def server_cpu_seconds(master: int) -> float:
    """CPU time used so far by the gunicorn master, its live workers and the workers it has reaped.

    Unlike requests/s, CPU per request hardly moves when other programs share the machine.
    """
    tick = os.sysconf("SC_CLK_TCK")

    def fields(pid: str) -> list[str]:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()

    ticks = sum(int(v) for v in fields(str(master))[11:15])  # utime stime cutime cstime
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            stat = fields(pid)
        except OSError:
            continue
        if stat[1] == str(master):  # ppid
            ticks += int(stat[11]) + int(stat[12])
    return ticks / tick


def measure(
    label: str, url: str, master: int, post_token: str | None = None, origin: str = "", cookie: str = ""
) -> Row:
    wrk(url, WARMUP, post_token and f"{post_token}w", origin, cookie)
    cpu_before = server_cpu_seconds(master)
    result = wrk(url, SECONDS, post_token, origin, cookie)
    cpu = server_cpu_seconds(master) - cpu_before
    errors = sum(result[k] for k in ("connect_errors", "read_errors", "write_errors", "status_errors", "timeouts"))
    rps = result["requests"] / (result["duration_us"] / 1e6)
    cpu_ms = cpu * 1000 / max(result["requests"], 1)
    return Row(label, rps, result["p50_us"] / 1000, result["p99_us"] / 1000, errors, cpu_ms, result)


def stored_posts(env: dict[str, str], token: str) -> int:
    code = (
        "from feedback.models import Feedback; "
        f"print(Feedback.objects.filter(comment__contains={f' {token}-'!r}).count())"
    )
    return int(manage(env, "shell", "-c", code).strip().splitlines()[-1])


STAFF_SESSION = """
import os
from importlib import import_module
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
user, _ = get_user_model().objects.get_or_create(username=os.environ["BENCH_USER"], defaults={"is_staff": True})
session = import_module(settings.SESSION_ENGINE).SessionStore()
session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
session.create()
print(session.session_key)
"""


def staff_cookie(env: dict[str, str], username: str = "bench-staff") -> str:
    """A real signed-in staff session: the article page is then made for it, bypassing the page cache.

    The user is made, as staff with no permission, unless it exists already.
    """
    session = manage({**env, "BENCH_USER": username}, "shell", "-c", STAFF_SESSION)
    return f"sessionid={session.strip().splitlines()[-1]}"


SENT_COOKIE = """
from django.conf import settings
from django.core.signing import get_cookie_signer
from feedback.sent import SALT
print(get_cookie_signer(salt=settings.FEEDBACK_SENT_COOKIE + SALT).sign("0"))
"""


def sent_cookie(env: dict[str, str]) -> str:
    """A reader who has sent an opinion (on no article of the bench): pages are made for them too."""
    return f"avis_envoyes={manage(env, 'shell', '-c', SENT_COOKIE).strip().splitlines()[-1]}"


def target(label: str, row: Row, reference: Row, minimum: float) -> str:
    ratio = row.rps / reference.rps
    cpu_ratio = reference.cpu_ms / row.cpu_ms
    verdict = "met" if ratio >= minimum else "NOT met"
    return (
        f"{label}: {ratio:.2f} by requests/s (target >= {minimum:.2f}: {verdict}); "
        f"{cpu_ratio:.2f} by server CPU per request (steadier on a busy machine)"
    )


def bench_once(backend: Backend, port: int, master: int, data_label: str) -> tuple[list[str], bool]:
    site = f"http://127.0.0.1:{port}"
    css = re.search(r'href="(/static/css/site\.[0-9a-f]+\.css)"', get(f"{site}/"))
    if not css:
        raise RuntimeError("no hashed /static/css/site.<hash>.css link on the home page")
    token = f"b{secrets.token_hex(6)}"
    staff, reader = staff_cookie(backend.env), sent_cookie(backend.env)
    queries = query_counts(backend.env, "article")
    load_before = os.getloadavg()[0]
    static, bare, cached, uncached, reader_uncached, reference, home, home_uncached, topic, topic_uncached, post = (
        rows
    ) = [
        measure(f"(a) static CSS {css.group(1)}", f"{site}{css.group(1)}", master),
        measure("(b) bare view /bench/bare", f"{site}/bench/bare", master),
        measure(f"(c) cached article {ARTICLE_PATH}", f"{site}{ARTICLE_PATH}", master),
        measure("(d) uncached article (staff session)", f"{site}{ARTICLE_PATH}", master, cookie=staff),
        measure("(d') uncached article (reader who sent an opinion)", f"{site}{ARTICLE_PATH}", master, cookie=reader),
        measure("(r) reference: same template, objects in memory", f"{site}{REFERENCE_PATH}", master),
        measure("(e) home page /", f"{site}/", master),
        measure("(e') home page, made for a reader who sent an opinion", f"{site}/", master, cookie=reader),
        measure(f"(g) thématique page {TOPIC_PATH}", f"{site}{TOPIC_PATH}", master),
        measure(
            "(g') thématique page, made for a reader who sent an opinion", f"{site}{TOPIC_PATH}", master, cookie=reader
        ),
        measure("(f) feedback POST /avis/immunotherapie/", f"{site}/avis/immunotherapie/", master, token, site),
    ]
    time.sleep(1)  # posts cut off when wrk stopped may still be finishing on the server
    acked, stored = post.result["acked"], stored_posts(backend.env, token)
    # wrk drops its in-flight requests at the end: at most one per connection may be stored unacknowledged.
    ok = post.errors == 0 and post.result["other_status"] == 0 and acked > 0 and acked <= stored <= acked + CONNECTIONS
    width = max(len(r.label) for r in rows)
    lines = [
        f"== {backend.label} | {data_label} | gunicorn {WORKERS} sync workers on core {SERVER_CORE}, "
        f"wrk -t1 -c{CONNECTIONS} on core {WRK_CORE}, {SECONDS} s per row after {WARMUP} s warm-up ==",
        *queries,
        f"{'row':<{width}}  {'req/s':>8}  {'p50 ms':>7}  {'p99 ms':>7}  {'errors':>6}  {'server CPU ms/req':>17}",
        *(
            f"{r.label:<{width}}  {r.rps:>8.0f}  {r.p50_ms:>7.2f}  {r.p99_ms:>7.2f}  {r.errors:>6}  {r.cpu_ms:>17.2f}"
            for r in rows
        ),
        f"load average before/after this table (other work on the machine skews the numbers): "
        f"{load_before:.2f} / {os.getloadavg()[0]:.2f}",
        target("(c)/(a) cached article vs static file", cached, static, 0.85),
        target("(d)/(r) uncached article vs reference", uncached, reference, 0.6),
        f"(d')/(r) uncached article for a reader vs reference: {reader_uncached.rps / reference.rps:.2f} "
        f"(no staff session, user query or pending teasers: what a reader who has posted costs)",
        f"(c)/(b) cached article vs bare view: {cached.rps / bare.rps:.2f}; "
        f"(e)/(b) home page vs bare view: {home.rps / bare.rps:.2f}; "
        f"(g)/(b) thématique page vs bare view: {topic.rps / bare.rps:.2f}",
        f"made for one reader (page cache bypassed): article (d') {reader_uncached.rps:.0f} req/s, "
        f"home (e') {home_uncached.rps:.0f} req/s ({home_uncached.rps / reader_uncached.rps:.2f} of the article), "
        f"thématique (g') {topic_uncached.rps:.0f} req/s ({topic_uncached.rps / reader_uncached.rps:.2f} of the article)",
        f"(f) posts acknowledged (303): {acked}; rows stored: {stored}; errors: {post.errors} "
        f"(connect {post.result['connect_errors']}, read {post.result['read_errors']}, "
        f"write {post.result['write_errors']}, status {post.result['status_errors']}, "
        f"timeout {post.result['timeouts']}); other statuses: {post.result['other_status']}",
        f"(f) {'OK' if ok else 'FAIL'}: every acknowledged post stored, no error",
    ]
    return lines, ok


@dataclass
class ScreenRow:
    label: str
    requests: int
    p50_ms: float
    p95_ms: float
    max_ms: float
    errors: int
    cpu_ms: float
    kib: float


def percentile(values: list[float], share: float) -> float:
    """Nearest rank: the smallest value that `share` of the values do not exceed."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def sequential(label: str, port: int, path: str, master: int, cookie: str) -> ScreenRow:
    """GET `path` SCREEN_REQUESTS times, one after another, each timed from sending it to its last byte.

    The connection is kept while the server keeps it (gunicorn's sync workers close it after each
    response; it is opened again for the next request, in the time measured). The client runs on
    wrk's core, so it does not take the server's.
    """
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    headers = {"Cookie": cookie}

    def one() -> tuple[float, int, int]:
        started = time.perf_counter()
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        size = len(response.read())
        return (time.perf_counter() - started) * 1000, response.status, size

    affinity = os.sched_getaffinity(0)
    os.sched_setaffinity(0, {int(WRK_CORE)})
    try:
        for _ in range(SCREEN_WARMUP):
            one()
        cpu_before = server_cpu_seconds(master)
        results = [one() for _ in range(SCREEN_REQUESTS)]
        cpu = server_cpu_seconds(master) - cpu_before
    finally:
        os.sched_setaffinity(0, affinity)
        connection.close()
    times = [ms for ms, _, _ in results]
    return ScreenRow(
        label,
        len(results),
        percentile(times, 0.5),
        percentile(times, 0.95),
        max(times),
        sum(status != 200 for _, status, _ in results),
        cpu * 1000 / len(results),
        max(size for _, _, size in results) / 1024,
    )


HISTORY_ARTICLE = """
from articles.management.commands.seed_bench_history import SLUG
from articles.models import Article
article = Article.objects.get(slug=SLUG)
print(article.pk, article.revisions.count(), article.sections.count())
"""


def latency_table(rows: list, with_kib: bool = True) -> list[str]:
    """The rows of a one-request-after-another table: latencies, errors, server CPU (and size)."""
    width = max(len(r.label) for r in rows)
    kib = f"  {'KiB':>5}" if with_kib else ""
    return [
        f"{'row':<{width}}  {'requests':>8}  {'p50 ms':>7}  {'p95 ms':>7}  {'max ms':>7}  {'errors':>6}  "
        f"{'server CPU ms/req':>17}{kib}",
        *(
            f"{r.label:<{width}}  {r.requests:>8}  {r.p50_ms:>7.2f}  {r.p95_ms:>7.2f}  {r.max_ms:>7.2f}  "
            f"{r.errors:>6}  {r.cpu_ms:>17.2f}" + (f"  {r.kib:>5.0f}" if with_kib else "")
            for r in rows
        ),
    ]


def bench_history(backend: Backend, port: int, master: int) -> tuple[list[str], bool]:
    """The history screen and two comparisons of `seed_bench_history`'s article, for its editor."""
    found = manage(backend.env, "shell", "-c", HISTORY_ARTICLE).strip().splitlines()[-1]
    pk, last, sections = (int(n) for n in found.split())
    editor = staff_cookie(backend.env, "bench-redacteur")  # made by seed_bench_history, with the editors' rights
    queries = query_counts(backend.env, "history")
    admin = f"/admin/articles/article/{pk}"
    load_before = os.getloadavg()[0]
    rows = [
        sequential(f"(h) history screen ({last} versions)", port, f"{admin}/history/", master, editor),
        sequential(f"(i) compare 1 -> {last}", port, f"{admin}/comparer/?de=1&a={last}", master, editor),
        sequential(
            f"(j) compare {last - 1} -> {last}", port, f"{admin}/comparer/?de={last - 1}&a={last}", master, editor
        ),
    ]
    ok = all(r.errors == 0 for r in rows)
    lines = [
        f"== {backend.label} | editors' screens of bench-history ({sections} sections, {last} versions) | "
        f"gunicorn {WORKERS} sync workers on core {SERVER_CORE}, one client on core {WRK_CORE}, "
        f"{SCREEN_REQUESTS} requests one after another per row after {SCREEN_WARMUP} ==",
        *queries,
        *latency_table(rows),
        f"load average before/after this table: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"(h)-(j) {'OK' if ok else 'FAIL'}: every answer a 200",
    ]
    return lines, ok


DASHBOARD_EDITOR = """
import os
from django.db.models import Sum
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from articles.models import Article
from feedback.models import DailyRating
user, _ = get_user_model().objects.get_or_create(username=os.environ["BENCH_USER"], defaults={"is_staff": True})
user.user_permissions.add(*Permission.objects.filter(content_type__app_label="feedback", codename__in=["view_feedback", "change_feedback"]))
busiest = DailyRating.objects.values("article_id").order_by().annotate(n=Sum("count")).order_by("-n").first()
print(busiest["article_id"], busiest["n"])
"""


def bench_dashboard(backend: Backend, port: int, master: int) -> tuple[list[str], bool]:
    """The feedback dashboard and its busiest article's page, for an editor who reads opinions."""
    found = manage({**backend.env, "BENCH_USER": "bench-avis"}, "shell", "-c", DASHBOARD_EDITOR)
    article_id, opinions = (int(n) for n in found.strip().splitlines()[-1].split())
    editor = staff_cookie(backend.env, "bench-avis")
    base = "/admin/feedback/feedback/tableau-de-bord/"
    load_before = os.getloadavg()[0]
    rows = [
        sequential("(k) dashboard, 90 days", port, base, master, editor),
        sequential("(k') dashboard, all time", port, f"{base}?periode=tout", master, editor),
        sequential(f"(l) article page ({opinions} opinions)", port, f"{base}{article_id}/", master, editor),
        sequential("(m) dashboard CSV", port, f"{base}export.csv", master, editor),
    ]
    ok = all(r.errors == 0 for r in rows) and all(r.p95_ms < 300 for r in rows)
    lines = [
        f"== {backend.label} | feedback dashboard at {SEED_FEEDBACK} opinions over {SEED_ARTICLES} articles | "
        f"gunicorn {WORKERS} sync workers on core {SERVER_CORE}, one client on core {WRK_CORE}, "
        f"{SCREEN_REQUESTS} requests one after another per row after {SCREEN_WARMUP} ==",
        *latency_table(rows),
        f"load average before/after this table: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"(k)-(m) {'OK' if ok else 'FAIL'}: every answer a 200, p95 under 300 ms",
    ]
    return lines, ok


def bench_backend(backend: Backend, tmp: Path) -> bool:
    print(f"-- {backend.label}: migrate, collectstatic", flush=True)
    manage(backend.env, "migrate", "--noinput", "-v0")
    manage(backend.env, "collectstatic", "--noinput", "-v0")
    manage(backend.env, "seed_bench_articles", "--articles=0")  # the thématiques only, for row (g)
    all_ok = True
    if SERVER_PARTS & set(PARTS):
        all_ok &= bench_server_parts(backend, tmp)
    if "faults" in PARTS:
        if backend.env["DATABASE_URL"].startswith(("postgres://", "postgresql://")):
            lines, ok = bench_faults(backend, tmp)
            all_ok &= ok
            print("\n".join(["", *lines, ""]), flush=True)
        else:
            print(f"-- {backend.label}: no fault rows (they cut the network path to PostgreSQL and Redis)")
    return all_ok


def bench_server_parts(backend: Backend, tmp: Path) -> bool:
    port = free_port()
    server = start_server(backend.env, port, tmp / f"gunicorn-{port}.log", cpu_core=SERVER_CORE)
    all_ok = True
    try:
        if "pages" in PARTS:
            all_ok &= bench_pages(backend, port, server.pid, tmp)
            lines, ok = bench_dashboard(backend, port, server.pid)  # on the opinions bench_pages loaded
            all_ok &= ok
            print("\n".join(["", *lines, ""]), flush=True)
        if "history" in PARTS:
            print(f"-- {backend.label}: seed_bench_history", flush=True)
            print(manage(backend.env, "seed_bench_history").strip())
            lines, ok = bench_history(backend, port, server.pid)
            all_ok &= ok
            print("\n".join(["", *lines, ""]), flush=True)
        if "search" in PARTS:
            for articles in SEARCH_ARTICLES:
                have = bench_articles(backend.env)
                if have < articles:
                    print(f"-- {backend.label}: seed_bench_articles up to {articles}", flush=True)
                    print(manage(backend.env, "seed_bench_articles", f"--articles={articles - have}").strip())
                lines, ok = bench_search(backend, port, server.pid)
                all_ok &= ok
                print("\n".join(["", *lines, ""]), flush=True)
    finally:
        stop_server(server)
    return all_ok


def bench_pages(backend: Backend, port: int, master: int, tmp: Path) -> bool:
    all_ok = True
    for data_label in ("seed data (1 article)", f"+{SEED_ARTICLES} articles, +{SEED_FEEDBACK} feedback rows"):
        if data_label.startswith("+"):
            print(f"-- {backend.label}: seed_bench_articles, seed_bench_feedback", flush=True)
            print(manage(backend.env, "seed_bench_articles", f"--articles={SEED_ARTICLES}").strip())
            print(manage(backend.env, "seed_bench_feedback", f"--feedback={SEED_FEEDBACK}").strip())
        lines, ok = bench_once(backend, port, master, data_label)
        all_ok &= ok
        print("\n".join(["", *lines, ""]), flush=True)
        if not ok:
            log = (tmp / f"gunicorn-{port}.log").read_text(errors="replace").splitlines()
            print("Last lines of the gunicorn log:", *log[-30:], sep="\n", flush=True)
    return all_ok


BENCH_ARTICLES = """
from articles.management.commands.seed_bench_articles import SLUG_PREFIX
from articles.models import Article
print(Article.objects.filter(slug__startswith=SLUG_PREFIX).count())
"""


def bench_articles(env: dict[str, str]) -> int:
    return int(manage(env, "shell", "-c", BENCH_ARTICLES).strip().splitlines()[-1])


def bench_search(backend: Backend, port: int, master: int) -> tuple[list[str], bool]:
    """The search page for a few queries, one request after another, as one reader waits for it."""
    articles = bench_articles(backend.env) + 1  # and the seed article
    queries = query_counts(backend.env, "search")
    load_before = os.getloadavg()[0]
    rows = [
        sequential(f"(s) {label} /recherche/?q={q}", port, f"/recherche/?q={quote(q)}", master, "")
        for label, q in SEARCH_QUERIES
    ]
    ok = all(r.errors == 0 for r in rows)
    lines = [
        f"== {backend.label} | search, {articles} live articles | gunicorn {WORKERS} sync workers on core "
        f"{SERVER_CORE}, one client on core {WRK_CORE}, {SCREEN_REQUESTS} requests one after another per row ==",
        *queries,
        *latency_table(rows, with_kib=False),
        f"load average before/after this table: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"(s) {'OK' if ok else 'FAIL'}: every answer a 200; target p95 < 50 ms: "
        + ", ".join(f"{r.label.split(' /')[0][4:]} {'met' if r.p95_ms < 50 else 'NOT met'}" for r in rows),
    ]
    return lines, ok


# Each fault row: what is cut (None: nothing) and how (scripts/fault_harness.py). The database
# comes before the cache: a worker that missed cache writes in a cache outage deletes those keys
# when it next reaches Redis, which may be after the next row's warm-up, and would then make the
# kept page stale in the database row. A hung database is left out: the site sets no read timeout
# on PostgreSQL connections, so a post waits until gunicorn kills the worker.
FAULTS = [
    ("normal: database and cache answer", None, None),
    ("database stopped (refuse), cache warm", "database", REFUSE),
    ("cache hung (blackhole)", "cache", BLACKHOLE),
    ("cache stopped (refuse)", "cache", REFUSE),
]
RECOVERY_SECONDS = 60

STORED_ONCE = """
import os
from feedback.models import Feedback
rows = Feedback.objects.filter(comment__contains=" " + os.environ["BENCH_TOKEN"] + "-")
print(rows.count(), rows.values("comment").distinct().count())
"""


@dataclass
class FaultRow:
    label: str
    readers: dict
    posters: dict
    stored: int
    distinct: int
    recovery_s: float | None  # None: not back to normal within RECOVERY_SECONDS

    @property
    def ok(self) -> bool:
        readers_ok = errors_of(self.readers) == 0 and set(self.readers["statuses"]) == {"200"}
        acked = self.posters["acked"]
        posters_ok = errors_of(self.posters) == 0 and self.posters["other_status"] == 0 and acked > 0
        # wrk drops its in-flight posts at the end: at most one per connection stored unacknowledged.
        stored_ok = acked <= self.stored <= acked + CONNECTIONS and self.distinct == self.stored
        return readers_ok and posters_ok and stored_ok and self.recovery_s is not None


def errors_of(result: dict) -> int:
    """Requests with no HTTP answer at all (a status that is not 2xx or 3xx is counted in `statuses`)."""
    return sum(result[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))


def back_to_normal(site: FaultySite) -> float | None:
    """Seconds until the operators' health check says both parts up and no opinion left in the
    spool; /healthz is polled meanwhile, as a load balancer does (its probe replays the spool)."""
    started = time.monotonic()
    while time.monotonic() - started < RECOVERY_SECONDS:
        site.health()
        detail = site.health_detail()
        if detail.get("database") == "up" and detail.get("cache") == "up" and detail.get("feedback_spool_pending") == 0:
            return time.monotonic() - started
        time.sleep(0.1)
    return None


def fault_wrk(site: FaultySite, url: str, post_token: str | None = None) -> dict:
    """wrk's result for one row, with the server CPU per request (steadier than requests/s when
    other programs share the machine)."""
    cpu_before = server_cpu_seconds(site.server.pid)
    result = wrk(url, SECONDS, post_token, site.base, statuses=True)
    cpu = server_cpu_seconds(site.server.pid) - cpu_before
    return {**result, "cpu_ms": cpu * 1000 / max(result["requests"], 1)}


def bench_faults(backend: Backend, tmp: Path) -> tuple[list[str], bool]:
    """The article page and the feedback post under wrk while the cache or the database is away.

    The site reaches PostgreSQL and a redis-server of its own through proxies of the fault harness,
    cut at the start of a row (no warm-up: the first timeouts are part of the outage) and restored
    at its end; the page is made and kept in the cache before each cut. After each row the bench
    waits for the site to be back to normal, then counts the posts stored: every acknowledged post
    (303, or the thank-you page when the opinion was spooled) must be stored, and stored once.
    The proxies run in this process, on no pinned core; the normal row goes through them too.
    """
    rows = []
    with faulty_site(backend.env, backend.env["DATABASE_URL"], tmp / "faults", cpu_core=SERVER_CORE) as site:
        article, post = f"{site.base}{ARTICLE_PATH}", f"{site.base}/avis/immunotherapie/"
        wrk(article, WARMUP)
        load_before = os.getloadavg()[0]
        for label, part, mode in FAULTS:
            token = f"f{secrets.token_hex(6)}"
            get(article)
            if part is not None:
                getattr(site, part).cut(mode)
            readers = fault_wrk(site, article)
            posters = fault_wrk(site, post, token)
            site.restore()
            recovery = back_to_normal(site)
            found = manage({**backend.env, "BENCH_TOKEN": token}, "shell", "-c", STORED_ONCE)
            stored, distinct = (int(n) for n in found.strip().splitlines()[-1].split())
            rows.append(FaultRow(label, readers, posters, stored, distinct, recovery))
        outage_lines = site.logs().count("outage start:")
    return fault_table(backend, rows, load_before, outage_lines), all(row.ok for row in rows)


def fault_table(backend: Backend, rows: list[FaultRow], load_before: float, outage_lines: int) -> list[str]:
    def statuses(result: dict) -> str:
        codes = " ".join(f"{code}:{count}" for code, count in sorted(result["statuses"].items()))
        codes += f" no answer:{errors_of(result)}" if errors_of(result) else ""
        return codes or "none: every request still waiting when the row ended"

    width = max(len(row.label) for row in rows)
    lines = [
        f"== {backend.label} | faults: the article {ARTICLE_PATH} (readers) and its feedback post (posters), "
        f"{SECONDS} s each from the cut | gunicorn {WORKERS} sync workers on core {SERVER_CORE}, "
        f"wrk -t1 -c{CONNECTIONS} on core {WRK_CORE}, database and own redis-server behind proxies ==",
        f"{'fault':<{width}}  {'who':<7}  {'req/s':>7}  {'p50 ms':>7}  {'p99 ms':>8}  {'CPU ms/req':>10}  statuses",
    ]
    for row in rows:
        for who, result in (("readers", row.readers), ("posters", row.posters)):
            rps = result["requests"] / (result["duration_us"] / 1e6)
            stale = f" (X-Served-Stale: {result['stale']})" if result["stale"] else ""
            lines.append(
                f"{row.label:<{width}}  {who:<7}  {rps:>7.0f}  {result['p50_us'] / 1000:>7.2f}  "
                f"{result['p99_us'] / 1000:>8.2f}  {result['cpu_ms']:>10.2f}  {statuses(result)}{stale}"
            )
    for row in rows:
        back = (
            f"back to normal {row.recovery_s:.1f} s after the restore"
            if row.recovery_s is not None
            else (f"NOT back to normal within {RECOVERY_SECONDS} s")
        )
        lines.append(
            f"{row.label}: posts acknowledged {row.posters['acked']}, stored {row.stored} "
            f"({row.stored - row.distinct} duplicated); {back}; {'OK' if row.ok else 'FAIL'}"
        )
    lines += [
        f"'outage start' lines in the server log: {outage_lines} (one per worker and outage at most)",
        f"load average before/after this table: {load_before:.2f} / {os.getloadavg()[0]:.2f}",
        f"faults {'OK' if all(row.ok for row in rows) else 'FAIL'}: readers always answered 200, every post "
        "acknowledged, every acknowledged post stored once",
    ]
    return lines


def postgres_bench_url(database_url: str) -> str:
    parts = urlsplit(database_url)
    return urlunsplit(parts._replace(path=f"/{BENCH_DB_NAME}"))


def postgres_admin(database_url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(database_url)
    conninfo = urlunsplit(parts._replace(path="/postgres"))
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(sql)


def redis_forget(redis_url: str, prefix: str) -> None:
    import redis

    client = redis.Redis.from_url(redis_url)
    keys = list(client.scan_iter(match=f"{prefix}:*", count=1000))
    if keys:
        client.delete(*keys)


def main() -> int:
    if len(os.sched_getaffinity(0)) < 2:
        print("The bench pins the server to core 1 and wrk to core 0: it needs two cores.", file=sys.stderr)
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="immuno-bench-"))
    results = []
    try:
        sqlite_env = base_env(tmp)
        sqlite_env.update(DATABASE_URL=f"sqlite:///{tmp / 'bench.sqlite3'}", CACHE_DIR=str(tmp / "cache"))
        if "sqlite" in BACKENDS:
            results.append(bench_backend(Backend("SQLite + file cache", sqlite_env), tmp))

        database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
        if "postgres" in BACKENDS and database_url.startswith(("postgres://", "postgresql://")) and redis_url:
            prefix = f"immuno-bench-{secrets.token_hex(4)}"
            pg_env = base_env(tmp)
            pg_env.update(DATABASE_URL=postgres_bench_url(database_url), REDIS_URL=redis_url, CACHE_KEY_PREFIX=prefix)
            postgres_admin(database_url, f"DROP DATABASE IF EXISTS {BENCH_DB_NAME} WITH (FORCE)")
            postgres_admin(database_url, f"CREATE DATABASE {BENCH_DB_NAME}")
            try:
                results.append(bench_backend(Backend("PostgreSQL + Redis", pg_env), tmp))
            finally:
                postgres_admin(database_url, f"DROP DATABASE IF EXISTS {BENCH_DB_NAME} WITH (FORCE)")
                redis_forget(redis_url, prefix)
        elif "postgres" in BACKENDS:
            print("DATABASE_URL (postgres://) and REDIS_URL not both set: PostgreSQL + Redis not benched.")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    print("BENCH OK" if all(results) else "BENCH FAIL: see the FAIL lines above")
    return 0 if all(results) else 1


if __name__ == "__main__":
    sys.exit(main())
