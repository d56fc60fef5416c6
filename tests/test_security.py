"""Security defaults a reader's browser gets, and the production switch."""

import secrets
from functools import partial
from urllib.parse import urlencode

import pytest
from django.http import HttpResponse

from tests import manage_process
from tests.factories import ArticleFactory, StaffFactory

PAGES = ["/", "{article}", "/accessibilite/", "/articles/nexiste-pas/"]  # {article}: the test's own article


manage = partial(manage_process.manage, unset=("DJANGO_", "DATABASE_URL", "REDIS_URL"))


TOKEN = secrets.token_urlsafe(32)
PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": secrets.token_urlsafe(60),
    "DJANGO_ALLOWED_HOSTS": "sante.example.fr",
    "DJANGO_OTP_REQUIRED": "true",
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


@pytest.mark.django_db
def test_behind_a_proxy_password_guessing_from_one_reader_does_not_lock_the_account_for_another(client, settings):
    settings.PROXY_COUNT = 1
    StaffFactory(username="admin", password="le-bon-mot-de-passe-123")
    # Every request reaches the site from the proxy (127.0.0.1), which names the client it serves.
    from_a = {"X-Forwarded-For": "203.0.113.10"}
    from_b = {"X-Forwarded-For": "198.51.100.20"}
    for _ in range(5):
        client.post("/admin/login/", {"username": "admin", "password": "mauvais"}, headers=from_a)

    right = {"username": "admin", "password": "le-bon-mot-de-passe-123"}
    assert client.post("/admin/login/", right, headers=from_b).status_code == 302
    client.logout()
    assert client.post("/admin/login/", right, headers=from_a).status_code == 429


@pytest.mark.django_db
def test_a_forged_forwarded_for_sent_past_the_proxy_gets_no_fresh_rate_limit_bucket(client, settings):
    settings.PROXY_COUNT = 1
    settings.FEEDBACK_RATE_LIMIT = 3
    settings.FEEDBACK_MIN_SECONDS = 0
    article = ArticleFactory()
    statuses = [
        client.post(
            f"/avis/{article.slug}/",
            urlencode({"rating": "4", "comment": f"Avis {n}"}),
            content_type="application/x-www-form-urlencoded",
            headers={"Origin": "http://testserver", "X-Forwarded-For": f"192.0.2.{n}"},
            REMOTE_ADDR="198.51.100.7",  # a client reaching gunicorn without the proxy
        ).status_code
        for n in range(5)
    ]
    assert statuses == [303, 303, 303, 429, 429]


def test_the_site_trusts_the_proxies_gunicorn_trusts_unless_told_otherwise():
    show = "from django.conf import settings; print(*settings.TRUSTED_PROXIES)"
    assert manage("shell", "-v", "0", "-c", show).stdout.split() == ["127.0.0.1/32"]
    assert manage("shell", "-v", "0", "-c", show, FORWARDED_ALLOW_IPS="10.0.0.5,fd00::/8").stdout.split() == [
        "10.0.0.5/32",
        "fd00::/8",
    ]
    own = manage("shell", "-v", "0", "-c", show, FORWARDED_ALLOW_IPS="10.0.0.5", TRUSTED_PROXIES="192.0.2.0/24")
    assert own.stdout.split() == ["192.0.2.0/24"]


def test_the_second_factor_is_required_in_production_and_not_on_a_laptop_unless_told_otherwise():
    show = "from django.conf import settings; print(settings.OTP_REQUIRED_FOR_REVIEWERS)"
    assert manage("shell", "-v", "0", "-c", show).stdout.strip() == "False"
    assert manage("shell", "-v", "0", "-c", show, DJANGO_DEBUG="true").stdout.strip() == "False"
    assert manage("shell", "-v", "0", "-c", show, DJANGO_OTP_REQUIRED="true").stdout.strip() == "True"
    production = {name: value for name, value in PRODUCTION.items() if name != "DJANGO_OTP_REQUIRED"}
    assert manage("shell", "-v", "0", "-c", show, **production).stdout.strip() == "True"


def test_production_mode_passes_the_deployment_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", **PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


def test_the_deployment_checks_warn_when_reviewers_can_sign_in_without_a_second_factor():
    production = {**PRODUCTION, "DJANGO_OTP_REQUIRED": "false"}
    result = manage("check", "--deploy", "--fail-level", "WARNING", **production)
    assert result.returncode != 0
    assert "(accounts.W001) Superusers and medical reviewers can use the admin with a password alone." in result.stderr
    assert "Set DJANGO_OTP_REQUIRED=true" in result.stderr


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
        ("DJANGO_OTP_REQUIRED", "oui", "DJANGO_OTP_REQUIRED must be true or false"),
        ("DJANGO_ENV", "staging", "DJANGO_ENV must be 'development' or 'production'"),
        ("TRUSTED_PROXIES", "10.0.0.1, proxy.lan", "TRUSTED_PROXIES (by default FORWARDED_ALLOW_IPS) must list"),
        ("FORWARDED_ALLOW_IPS", "*", "must list the proxies' IP addresses or networks (such as 10.0.0.0/8)"),
        ("REVIEW_LINK_DAYS", "sept", "REVIEW_LINK_DAYS must be a whole number"),
        ("REVIEW_LINK_DAYS", "0", "REVIEW_LINK_DAYS must be at least 1 day"),
        ("REDIS_TIMEOUT", "une demi", "REDIS_TIMEOUT must be a number of seconds"),
        ("REDIS_TIMEOUT", "0", "REDIS_TIMEOUT must be more than 0 seconds"),
        ("HEALTH_CHECK_TOKEN", "court", "HEALTH_CHECK_TOKEN must be at least 20 random characters"),
    ],
)
def test_a_malformed_setting_stops_start_up_with_a_sentence(name, value, message):
    result = manage("check", **{name: value})
    assert result.returncode != 0
    assert message in result.stderr


def test_in_production_a_load_balancer_probe_gets_healthz_over_http_on_the_backend_address(tmp_path):
    script = (
        "from django.test import Client; c = Client(); "
        "probe = c.get('/healthz', HTTP_HOST='10.0.0.7:8000'); "
        "print(probe.status_code, probe.content.decode().strip()); "
        "secure = c.get('/healthz', secure=True, HTTP_HOST='10.0.0.7:8000'); "
        "print(secure.status_code, secure.headers.get('Strict-Transport-Security')); "
        "print(c.get('/', HTTP_HOST='10.0.0.7:8000', secure=True).status_code); "
        "print(c.get('/accessibilite/', HTTP_HOST='sante.example.fr').status_code); "
        f"print(c.get('/healthz/detail', HTTP_HOST='10.0.0.7:8000', HTTP_AUTHORIZATION='Bearer {TOKEN}').status_code)"
    )
    env = {**PRODUCTION, "DATABASE_URL": "sqlite://:memory:", "CACHE_DIR": str(tmp_path), "HEALTH_CHECK_TOKEN": TOKEN}
    env["STATIC_ROOT"] = str(tmp_path / "static")  # the French 400 page names the hashed stylesheet
    assert manage("collectstatic", "--noinput", "-v", "0", **env).returncode == 0
    result = manage("shell", "-v", "0", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        "200 ok",
        "200 max-age=31536000; includeSubDomains; preload",
        "400",  # every other page still answers only to the site's host names
        "301",  # and is still sent to https
        "200",  # the operators' detail, over plain HTTP too
    ]


def test_production_mode_sends_hsts_and_redirects_to_https(tmp_path):
    script = (
        "from django.test import Client; r = Client().get('/healthz', secure=True); "
        "print(r.status_code, r.headers.get('Strict-Transport-Security')); "
        "print(Client().get('/accessibilite/').status_code)"
    )
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver"}
    env |= {"DATABASE_URL": "sqlite://:memory:", "CACHE_DIR": str(tmp_path)}
    result = manage("shell", "-c", script, **env)
    assert result.returncode == 0, result.stderr
    first, second = result.stdout.strip().splitlines()[-2:]
    assert first == "200 max-age=31536000; includeSubDomains; preload"
    assert second == "301"


def test_in_production_a_forged_forwarded_proto_does_not_pass_for_https(tmp_path):
    script = (
        "from django.test import Client; "
        "print(Client().get('/accessibilite/', HTTP_X_FORWARDED_PROTO='https').status_code)"
    )
    env = {**PRODUCTION, "DJANGO_ALLOWED_HOSTS": "testserver", "DATABASE_URL": "sqlite://:memory:"}
    result = manage("shell", "-v", "0", "-c", script, **env, CACHE_DIR=str(tmp_path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["301"]  # only gunicorn, for its trusted proxies, says a request was secure


def test_the_site_policy_built_once_is_the_one_django_csp_builds(rf):
    from csp.middleware import CSPMiddleware as DjangoCSPMiddleware

    from immuno_site.middleware import CSPMiddleware

    def policy(middleware_class) -> str:
        middleware = middleware_class(lambda request: HttpResponse())
        request = rf.get("/")
        middleware.process_request(request)
        return middleware.process_response(request, HttpResponse())["Content-Security-Policy"]

    assert policy(CSPMiddleware) == policy(DjangoCSPMiddleware)
    assert "'nonce-" not in policy(CSPMiddleware)


def test_a_page_that_used_a_nonce_still_gets_it_in_its_policy(rf):
    from immuno_site.middleware import CSPMiddleware

    middleware = CSPMiddleware(lambda request: HttpResponse())
    for _ in range(2):  # the policy built once for other pages must not hide it
        plain = rf.get("/")
        middleware.process_request(plain)
        middleware.process_response(plain, HttpResponse())
        request = rf.get("/")
        middleware.process_request(request)
        nonce = str(request.csp_nonce)
        assert f"'nonce-{nonce}'" in middleware.process_response(request, HttpResponse())["Content-Security-Policy"]
