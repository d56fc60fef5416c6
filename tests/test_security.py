"""Security defaults a reader's browser gets, and the production switch."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import StaffFactory

ROOT = Path(__file__).resolve().parents[1]
PAGES = ["/", "{article}", "/accessibilite/", "/articles/nexiste-pas/"]  # {article}: the test's own article


def manage(*args: str, **env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env={**base, **env}, capture_output=True, text=True, timeout=60
    )


PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "sante.example.fr",
}


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_every_page_sends_the_security_headers(client, article, url):
    response = client.get(url.format(article=article.get_absolute_url()))
    csp = response["Content-Security-Policy"]
    assert "default-src 'self'" in csp
    assert "frame-ancestors 'none'" in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert "camera=()" in response["Permissions-Policy"] and "geolocation=()" in response["Permissions-Policy"]


@pytest.mark.django_db
@pytest.mark.parametrize("url", PAGES)
def test_a_reader_who_has_not_posted_gets_no_cookie(client, article, url):
    response = client.get(url.format(article=article.get_absolute_url()))
    assert "Set-Cookie" not in response.headers
    assert not response.cookies


@pytest.mark.django_db
def test_the_admin_is_protected_by_a_csrf_token_and_its_own_cookie(client):
    response = client.get("/admin/login/")
    assert "csrftoken" in response.cookies
    assert response.cookies["csrftoken"]["samesite"] == "Lax"


@pytest.mark.django_db
def test_admin_password_guessing_locks_the_account_out(client, settings):
    StaffFactory(username="redaction", password="le-bon-mot-de-passe-123")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = client.post("/admin/login/", {"username": "redaction", "password": "mauvais"})
    assert response.status_code == 429
    assert "bloqué" in response.content.decode()
    right = client.post("/admin/login/", {"username": "redaction", "password": "le-bon-mot-de-passe-123"})
    assert right.status_code == 429  # even the right password waits for the lock-out to end


def test_production_mode_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize(
    ("missing", "message"),
    [
        ("DJANGO_SECRET_KEY", "DJANGO_SECRET_KEY must be set"),
        ("DJANGO_ALLOWED_HOSTS", "DJANGO_ALLOWED_HOSTS must list"),
    ],
)
def test_production_mode_refuses_to_start_without_a_secret_key_or_hosts(missing, message):
    env = {k: v for k, v in PRODUCTION.items() if k != missing}
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_mode_refuses_a_weak_secret_key():
    result = manage("check", **{**PRODUCTION, "DJANGO_SECRET_KEY": "django-insecure-" + "a" * 50})
    assert result.returncode != 0 and "DJANGO_SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("FEEDBACK_RATE_LIMIT", "dix", "FEEDBACK_RATE_LIMIT must be a whole number"),
        ("DJANGO_DEBUG", "peut-être", "DJANGO_DEBUG must be true or false"),
        ("DJANGO_ENV", "staging", "DJANGO_ENV must be 'development' or 'production'"),
    ],
)
def test_a_malformed_setting_stops_start_up_with_a_sentence(name, value, message):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_production_mode_sends_hsts_and_redirects_to_https(tmp_path):
    script = (
        "from django.test import Client; r = Client().get('/healthz', secure=True); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security')); "
        "print(Client().get('/healthz').status_code)"
    )
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"}
    env |= {"DATABASE_URL": "sqlite://:memory:", "CACHE_DIR": str(tmp_path)}
    result = manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.strip().splitlines()[-2:]
    assert first == "200 max-age=31536000; includeSubDomains; preload"
    assert second == "301"
