"""Two gunicorn servers on one PostgreSQL database and one Redis behave as one site.

Runs only when DATABASE_URL is a PostgreSQL URL and REDIS_URL a Redis URL (as in CI): SQLite with a
file cache is a one-machine setup. The servers are real `gunicorn --config gunicorn.conf.py`
processes on 127.0.0.1 pointed at the very database this test uses, so rows are committed
(`transaction=True`): the test's article, made by a factory, is what both servers serve.
"""

import http.cookiejar
import os
import re
import secrets
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from articles.models import Article, Person
from feedback.models import Feedback
from scripts.gunicorn_server import free_port, start_server, stop_server
from tests.factories import H3S
from tests.html import form_values
from tests.shared_services import database_url, needs_shared_services

RATE_LIMIT = 4
MEMO_SECONDS = 1  # how long a server may trust the content version it read (the production default)

pytestmark = [
    needs_shared_services("scale-out"),
    pytest.mark.django_db(transaction=True),
]


@dataclass
class Response:
    status: int
    url: str
    headers: dict[str, str]
    text: str


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Browser:
    """Cookies kept, redirects reported rather than followed, every status returned."""

    def __init__(self, base: str) -> None:
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect
        )

    def request(self, path: str, data: dict | None = None, headers: dict | None = None) -> Response:
        body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
        request = urllib.request.Request(self.base + path, data=body, headers=headers or {})
        try:
            with self.opener.open(request, timeout=30) as answer:
                return Response(answer.status, answer.url, dict(answer.headers), answer.read().decode())
        except urllib.error.HTTPError as answer:
            return Response(answer.code, answer.url, dict(answer.headers), answer.read().decode())


@dataclass
class Server:
    base: str
    log: Path

    def browser(self) -> Browser:
        return Browser(self.base)

    def logs(self) -> str:
        return self.log.read_text(errors="replace")[-4000:]


@pytest.fixture
def servers(transactional_db, tmp_path, static_root) -> list[Server]:
    """Servers A and B: independent gunicorn masters, 2 workers each, sharing database and Redis."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "REDIS_URL": os.environ["REDIS_URL"],
        "CACHE_KEY_PREFIX": f"scale-out-{secrets.token_hex(4)}",  # nothing shared with other runs
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),  # one key for the site, as in a real deployment
        "HOST": "127.0.0.1",
        "WEB_CONCURRENCY": "2",
        "FEEDBACK_RATE_LIMIT": str(RATE_LIMIT),
        "FEEDBACK_RATE_WINDOW": str(10**9),  # no window boundary falls inside the test
        "FEEDBACK_MIN_SECONDS": "0",
        "FEEDBACK_DUPLICATE_WINDOW": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),  # hashed static names, as in production (tests/conftest.py)
        "PAGE_VERSION_MEMO_SECONDS": str(MEMO_SECONDS),
    }
    processes, started = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            server = Server(f"http://127.0.0.1:{port}", tmp_path / f"gunicorn-{name}.log")
            processes.append(start_server({**env, "GUNICORN_ACCESS_LOG": str(server.log)}, port, server.log))
            started.append(server)
        yield started
    finally:
        for process in processes:
            stop_server(process)


def staff_user(username: str = "redactrice-scale-out") -> tuple[str, str]:
    """An editor whose password the servers can check (the test settings hash with MD5 only)."""
    password = secrets.token_urlsafe(16)
    hashed = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    user = get_user_model().objects.create(username=username, password=hashed, is_staff=True, is_superuser=True)
    Person.objects.create(user=user, name=username, slug=username, profession="médecin")  # signs complete reviews
    return username, password


def log_in(browser: Browser, username: str, password: str) -> None:
    login_page = browser.request("/admin/login/?next=/admin/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login_page.text)
    assert token, login_page.text[:500]
    data = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/admin/"}
    answer = browser.request("/admin/login/?next=/admin/", data)
    assert (answer.status, answer.headers.get("Location")) == (302, "/admin/"), answer.text[:500]


def change_section_in_admin(
    browser: Browser, article: Article, old_heading: str, new_heading: str, button: dict | None = None
) -> None:
    from bs4 import BeautifulSoup

    path = f"/admin/articles/article/{article.pk}/change/"
    form = BeautifulSoup(browser.request(path).text, "html.parser").find("form", id="article_form")
    assert form is not None, "no change form: is the editor logged in?"
    data = form_values(form)
    key = next(k for k, v in data.items() if k.endswith("-heading") and v == [old_heading])
    data[key] = [new_heading]
    data.update(button or {})
    answer = browser.request(path, data, headers={"Referer": browser.base + path})
    errors = re.findall(r'<ul class="errorlist[^>]*>.*?</ul>', answer.text, re.DOTALL)
    assert answer.status == 302, errors or answer.text[:500]


def test_an_article_published_through_one_server_is_served_fresh_by_the_other_within_the_memo_time(article, servers):
    a, b = servers
    reader_on_b = b.browser()
    before = reader_on_b.request(article.get_absolute_url())
    assert before.status == 200
    assert f">{H3S[0]}<" in before.text
    again = reader_on_b.request(article.get_absolute_url())
    assert again.headers["ETag"] == before.headers["ETag"], "B should now serve the page from its cache"

    editor_on_a = a.browser()
    log_in(editor_on_a, *staff_user())
    new_heading = f"Le principe en bref ({secrets.token_hex(3)})"
    change_section_in_admin(editor_on_a, article, H3S[0], new_heading, {"_submit": "Soumettre à la relecture"})
    assert f">{H3S[0]}<" in reader_on_b.request(article.get_absolute_url()).text  # submitted, not yet live
    reviewer_on_a = a.browser()
    log_in(reviewer_on_a, *staff_user("relectrice-scale-out"))
    approve = {"_approve": "Approuver et publier", "review_scope": "complete"}
    change_section_in_admin(reviewer_on_a, article, new_heading, new_heading, approve)

    saved_at = time.monotonic()
    after = reader_on_b.request(article.get_absolute_url())
    while new_heading not in after.text and time.monotonic() - saved_at < MEMO_SECONDS + 0.5:
        time.sleep(0.1)
        after = reader_on_b.request(article.get_absolute_url())
    assert after.status == 200
    assert new_heading in after.text, b.logs()
    assert f">{H3S[0]}<" not in after.text
    assert after.headers["ETag"] != before.headers["ETag"]


def test_the_feedback_rate_limit_counts_posts_sent_to_both_servers_together(article, servers):
    token = secrets.token_hex(4)
    statuses = []
    for n in range(RATE_LIMIT + 2):
        server = servers[n % 2]  # A, B, A, B, A, B
        answer = server.browser().request(
            f"/avis/{article.slug}/",
            {"rating": "4", "comment": f"Avis {token} numéro {n + 1}", "shown_at": ""},
            headers={"Origin": server.base},
        )
        statuses.append(answer.status)
        if answer.status == 429:
            assert "beaucoup d’avis en peu de temps" in answer.text

    assert statuses == [303] * RATE_LIMIT + [429, 429]
    stored = Feedback.objects.filter(comment__contains=token).values_list("comment", flat=True)
    assert sorted(stored) == [f"Avis {token} numéro {n}" for n in range(1, RATE_LIMIT + 1)]
