"""Behind the nginx of deploy/nginx.conf, a reader is known by its own address, and a CDN in
front of it gets the site's cache headers and keys.

A real nginx, started from the deploy template with test ports and a throw-away certificate,
in front of a real gunicorn on the database this test uses. Two readers on one machine are
told apart by the loopback address their socket is bound to (127.0.0.2 and 127.0.0.3).
Runs only on PostgreSQL + Redis, which the test and gunicorn share; skipped when nginx is
missing, except under CI=true where that is a failure.
"""

import http.client
import io
import os
import re
import secrets
import shutil
import socket
import ssl
import subprocess
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from PIL import Image

from feedback.models import Feedback
from scripts.gunicorn_server import free_port, start_server, stop_server
from tests.factories import ArticleFactory
from tests.shared_services import database_url, needs_shared_services

ROOT = Path(__file__).resolve().parent.parent
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"
RATE_LIMIT = 3
READER_A, READER_B = "127.0.0.2", "127.0.0.3"

pytestmark = [
    needs_shared_services("nginx in front of gunicorn"),
    pytest.mark.django_db(transaction=True),
]


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage
    text: str


@dataclass
class Site:
    nginx_port: int
    gunicorn_port: int
    certificate: Path

    def request(
        self,
        reader: str,
        method: str,
        path: str,
        *,
        direct: bool = False,
        body: dict | None = None,
        raw: bytes | None = None,
        **headers: str,
    ) -> Answer:
        """One request from `reader`'s address, through nginx over HTTPS or straight to gunicorn;
        `body` is sent as a form, `raw` as it is (with its own Content-Type header)."""
        if direct:
            conn = http.client.HTTPConnection("127.0.0.1", self.gunicorn_port, timeout=30, source_address=(reader, 0))
        else:
            context = ssl.create_default_context(cafile=self.certificate)
            context.check_hostname = False  # the certificate names sante.example.fr, we dial 127.0.0.1
            conn = http.client.HTTPSConnection(
                "127.0.0.1", self.nginx_port, timeout=30, source_address=(reader, 0), context=context
            )
        headers = {key.replace("_", "-"): value for key, value in headers.items()}
        data = urllib.parse.urlencode(body) if body is not None else raw
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            conn.request(method, path, body=data, headers={"Host": "sante.example.fr", **headers})
            response = conn.getresponse()
            return Answer(response.status, response.headers, response.read().decode(errors="replace"))
        finally:
            conn.close()


def substitute(text: str, old: str, new: str) -> str:
    """Replace a line the test relies on, failing loudly if the template no longer has it."""
    assert text.count(old) == 1, f"deploy/nginx.conf no longer holds {old!r} exactly once"
    return text.replace(old, new)


def nginx_config(tmp: Path, http_port: int, https_port: int, gunicorn_port: int) -> Path:
    certificate, key = tmp / "site.crt", tmp / "site.key"
    subprocess.run(
        [
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "1",
            "-subj",
            "/CN=sante.example.fr",
            "-keyout",
            str(key),
            "-out",
            str(certificate),
        ],
        check=True,
        capture_output=True,
        timeout=60,
    )
    site = (ROOT / "deploy" / "nginx.conf").read_text()
    for old, new in [
        ("listen 80;", f"listen 127.0.0.1:{http_port};"),
        ("listen [::]:80;", ""),
        ("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;"),
        ("listen [::]:443 ssl http2;", ""),
        ("/etc/letsencrypt/live/sante.example.fr/fullchain.pem", str(certificate)),
        ("/etc/letsencrypt/live/sante.example.fr/privkey.pem", str(key)),
    ]:
        site = substitute(site, old, new)
    site = site.replace("proxy_pass http://127.0.0.1:8000;", f"proxy_pass http://127.0.0.1:{gunicorn_port};")
    (tmp / "site.conf").write_text(site)
    # What Debian's /etc/nginx/nginx.conf gives the site file, with every path inside tmp.
    main = tmp / "nginx.conf"
    main.write_text(
        ("user root;\n" if os.geteuid() == 0 else "")
        + "worker_processes 1;\nevents { worker_connections 64; }\nhttp {\n    gzip on;\n"
        + "".join(
            f"    {kind}_temp_path {tmp / kind};\n" for kind in ("client_body", "proxy", "fastcgi", "uwsgi", "scgi")
        )
        + f"    access_log {tmp / 'access.log'};\n    include {tmp / 'site.conf'};\n}}\n"
    )
    return main


def wait_for(process: subprocess.Popen, port: int, log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        assert process.poll() is None, f"exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}"
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"nothing answered on port {port} within 30 s:\n{log.read_text(errors='replace')[-3000:]}")


@pytest.fixture
def site(transactional_db, tmp_path, static_root, settings) -> Iterator[Site]:
    if not os.path.exists(NGINX):
        if os.environ.get("CI") == "true":
            pytest.fail("nginx is missing: .ci/run installs it (apt-get install nginx).")
        pytest.skip("nginx is missing (apt-get install nginx): the test through the reverse proxy did not run.")
    gunicorn_port, http_port, https_port = free_port(), free_port(), free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url(),
        "CACHE_KEY_PREFIX": f"nginx-{secrets.token_hex(4)}",  # buckets of their own for every test
        "DJANGO_ENV": "development",
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(50),
        "DJANGO_ALLOWED_HOSTS": "sante.example.fr",
        "HOST": "127.0.0.1",
        "PORT": str(gunicorn_port),
        "WEB_CONCURRENCY": "2",
        "PROXY_COUNT": "1",
        "FORWARDED_ALLOW_IPS": "127.0.0.1",
        "TRUSTED_PROXIES": "",
        "FEEDBACK_RATE_LIMIT": str(RATE_LIMIT),
        "FEEDBACK_RATE_WINDOW": str(10**9),  # no window boundary falls inside the test
        "FEEDBACK_MIN_SECONDS": "0",
        "FEEDBACK_DUPLICATE_WINDOW": "0",
        "LOG_LEVEL": "WARNING",
        "STATIC_ROOT": str(static_root),
        "MEDIA_ROOT": str(settings.MEDIA_ROOT),  # the tests' own upload folder (tests/conftest.py)
    }
    gunicorn_log, nginx_log = tmp_path / "gunicorn.log", tmp_path / "nginx.log"
    config = nginx_config(tmp_path, http_port, https_port, gunicorn_port)
    processes = []
    try:
        processes.append(start_server({**env, "GUNICORN_ACCESS_LOG": str(gunicorn_log)}, gunicorn_port, gunicorn_log))
        with nginx_log.open("wb") as log:
            directives = f"daemon off; pid {tmp_path / 'nginx.pid'}; error_log stderr;"
            processes.append(
                subprocess.Popen(
                    [NGINX, "-p", str(tmp_path), "-c", str(config), "-g", directives], stdout=log, stderr=log
                )
            )
        wait_for(processes[1], https_port, nginx_log)
        yield Site(https_port, gunicorn_port, tmp_path / "site.crt")
    finally:
        for process in reversed(processes):
            stop_server(process)


def post_feedback(site: Site, reader: str, slug: str, comment: str, *, direct: bool = False, forged: str) -> int:
    body = {"rating": "4", "comment": comment, "shown_at": ""}
    answer = site.request(
        reader, "POST", f"/avis/{slug}/", direct=direct, body=body, Sec_Fetch_Site="same-origin", X_Forwarded_For=forged
    )
    return answer.status


def test_through_nginx_a_forged_forwarded_for_gets_no_fresh_rate_limit_bucket(site):
    article = ArticleFactory()
    statuses = [
        post_feedback(site, READER_A, article.slug, f"Avis {n}", forged=f"198.51.100.{n}")
        for n in range(RATE_LIMIT + 3)
    ]
    assert statuses == [303] * RATE_LIMIT + [429] * 3
    assert post_feedback(site, READER_B, article.slug, "Avis de B", forged="198.51.100.1") == 303
    assert Feedback.objects.count() == RATE_LIMIT + 1


def test_posts_sent_straight_to_gunicorn_with_a_forged_header_count_against_the_sender(site):
    article = ArticleFactory()
    direct = [
        post_feedback(site, READER_A, article.slug, f"Direct {n}", direct=True, forged=READER_B)
        for n in range(RATE_LIMIT + 2)
    ]
    assert direct == [303] * RATE_LIMIT + [429] * 2
    # The sender is the same reader whichever way it comes, and the reader it named is untouched.
    assert post_feedback(site, READER_A, article.slug, "Par nginx", forged=READER_B) == 429
    assert post_feedback(site, READER_B, article.slug, "Avis de B", forged=READER_A) == 303


def log_in(site: Site, reader: str, username: str, password: str) -> int:
    page = site.request(reader, "GET", "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", ""))
    assert token and cookie, page.text[:500]
    body = {"csrfmiddlewaretoken": token.group(1), "username": username, "password": password, "next": "/admin/"}
    answer = site.request(
        reader,
        "POST",
        "/admin/login/",
        body=body,
        Cookie=f"csrftoken={cookie.group(1)}",
        Origin="https://sante.example.fr",
        X_Forwarded_For=READER_B,  # a guesser posing as the real admin's address changes nothing
    )
    return answer.status


def test_through_nginx_password_guessing_from_one_reader_does_not_lock_the_admin_out_for_another(site):
    password = secrets.token_urlsafe(16)
    hashed = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    get_user_model().objects.create(username="admin", password=hashed, is_staff=True, is_superuser=True)

    guesses = [log_in(site, READER_A, "admin", f"mauvais-{n}") for n in range(5)]
    assert guesses[-1] == 429, guesses
    assert log_in(site, READER_B, "admin", password) == 302
    assert log_in(site, READER_A, "admin", password) == 429


def multipart(fields: dict[str, str], name: str, filename: str, content: bytes) -> tuple[bytes, str]:
    """A form with one file, encoded as a browser sends it; returns the body and its Content-Type."""
    boundary = secrets.token_hex(16)
    parts = [
        f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
        for key, value in fields.items()
    ]
    head = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
    parts.append(f"{head}Content-Type: image/png\r\n\r\n".encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), f"multipart/form-data; boundary={boundary}"


def signed_in_cookies(site: Site, reader: str) -> str:
    """The cookies of a superuser who has just signed in to the admin through nginx."""
    password = secrets.token_urlsafe(16)
    hashed = PBKDF2PasswordHasher().encode(password, PBKDF2PasswordHasher().salt())
    get_user_model().objects.create(username="editrice", password=hashed, is_staff=True, is_superuser=True)
    page = site.request(reader, "GET", "/admin/login/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    cookie = re.search(r"csrftoken=([^;]+)", page.headers.get("Set-Cookie", "")).group(1)
    body = {"csrfmiddlewaretoken": token, "username": "editrice", "password": password, "next": "/admin/"}
    answer = site.request(
        reader, "POST", "/admin/login/", body=body, Cookie=f"csrftoken={cookie}", Origin="https://sante.example.fr"
    )
    assert answer.status == 302, answer.text[:500]
    set_cookies = " ".join(answer.headers.get_all("Set-Cookie"))
    cookies = {name: re.search(rf"{name}=([^;]+)", set_cookies) for name in ("csrftoken", "sessionid")}
    return "; ".join(f"{name}={found.group(1) if found else cookie}" for name, found in cookies.items())


def test_through_nginx_an_editor_uploads_a_photo_of_a_few_megabytes_and_readers_get_it(site):
    cookies = signed_in_cookies(site, READER_A)
    form = site.request(READER_A, "GET", "/admin/articles/person/add/", Cookie=cookies)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form.text).group(1)
    noise = Image.frombytes("RGB", (900, 900), secrets.token_bytes(900 * 900 * 3))  # PNG cannot shrink noise
    photo = io.BytesIO()
    noise.save(photo, "PNG")
    assert 2_000_000 < len(photo.getvalue()) < 5_000_000
    fields = {
        "csrfmiddlewaretoken": token, "name": "Dr Claire Martin", "slug": "claire-martin",
        "profession": "médecin oncologue", "photo_alt": "Claire Martin", "credentials": "", "rpps": "",
        "bio": "", "user": "",
    }  # fmt: skip
    body, content_type = multipart(fields, "photo", "portrait.png", photo.getvalue())
    answer = site.request(
        READER_A, "POST", "/admin/articles/person/add/", raw=body, Cookie=cookies,
        Content_Type=content_type, Origin="https://sante.example.fr",
    )  # fmt: skip
    assert answer.status == 302, answer.text[:500]

    page = site.request(READER_B, "GET", "/auteurs/claire-martin/")
    source = re.search(r'<img class="person-photo" src="([^"]+)" alt="Claire Martin">', page.text).group(1)
    image = site.request(READER_B, "GET", source)
    assert image.status == 200
    assert image.headers["Content-Type"] == "image/jpeg"
    assert image.headers["Cache-Control"] == "public, max-age=31536000, immutable"


def test_through_nginx_other_addresses_keep_their_one_megabyte_cap(site):
    article = ArticleFactory()
    body = {"rating": "4", "comment": "x" * 2_000_000, "shown_at": ""}
    answer = site.request(READER_A, "POST", f"/avis/{article.slug}/", body=body, Sec_Fetch_Site="same-origin")
    assert answer.status == 413


def vary(answer: Answer) -> set[str]:
    return {name.strip() for value in answer.headers.get_all("Vary") or [] for name in value.split(",")}


def test_through_nginx_a_cdn_gets_what_it_may_keep_and_the_keys_of_the_page(site):
    article = ArticleFactory()
    page = site.request(READER_A, "GET", article.get_absolute_url(), Accept_Encoding="gzip")
    assert page.status == 200
    assert page.headers["Content-Encoding"] == "gzip"
    assert page.headers["Cache-Control"].startswith("public, max-age=0, s-maxage=")
    assert page.headers["Surrogate-Key"].split() == ["site", f"article-{article.pk}"]
    assert page.headers["Cache-Tag"] == f"site,article-{article.pk}"
    assert {"Cookie", "Accept-Encoding"} <= vary(page)

    personal = site.request(READER_A, "GET", article.get_absolute_url(), Cookie="avis_envoyes=x")
    assert personal.headers["Cache-Control"] == "private, no-store"
    assert "Surrogate-Key" not in personal.headers and "Cache-Tag" not in personal.headers
    assert site.request(READER_A, "GET", "/admin/login/").headers["Cache-Control"] == "private, no-store"


def test_the_operators_health_detail_answers_a_request_made_on_the_server_and_no_reader_through_nginx(site):
    # nginx connects to gunicorn from 127.0.0.1 for every reader, including one on the server itself.
    assert site.request("127.0.0.1", "GET", "/healthz/detail").status == 404
    assert site.request(READER_A, "GET", "/healthz/detail", X_Forwarded_For="127.0.0.1").status == 404
    direct = site.request("127.0.0.1", "GET", "/healthz/detail", direct=True)
    assert direct.status == 200 and '"serving": true' in direct.text
