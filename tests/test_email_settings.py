"""E-mail and the site's own address, read from the environment (immuno_site/settings.py)."""

import json
from functools import partial

import pytest
from django.core.exceptions import ImproperlyConfigured

from immuno_site.settings import site_url
from tests import manage_process

OURS = ("DJANGO_", "DATABASE_URL", "REDIS_URL", "EMAIL_", "DEFAULT_FROM_EMAIL", "SITE_URL", "PORT")
SHOW = (
    "import json; from django.conf import settings as s; print(json.dumps({name: getattr(s, name) for name in "
    "['EMAIL_BACKEND', 'EMAIL_HOST', 'EMAIL_PORT', 'EMAIL_USE_TLS', 'EMAIL_USE_SSL', 'EMAIL_HOST_USER', "
    "'DEFAULT_FROM_EMAIL', 'SITE_URL']}))"
)


manage = partial(manage_process.manage, unset=OURS)


def email_settings(**env: str) -> dict:
    result = manage("shell", "-v", "0", "-c", SHOW, **env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_a_laptop_prints_e_mails_on_the_console_and_links_to_make_run():
    shown = email_settings()
    assert shown["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend"
    assert shown["SITE_URL"] == "http://127.0.0.1:8000"
    assert email_settings(PORT="8123")["SITE_URL"] == "http://127.0.0.1:8123"


def test_an_smtp_server_named_in_the_environment_sends_the_e_mails():
    shown = email_settings(
        EMAIL_HOST="smtp.example.fr",
        EMAIL_HOST_USER="sante",
        EMAIL_HOST_PASSWORD="secret",
        DEFAULT_FROM_EMAIL="Infos santé <relecture@sante.example.fr>",
    )
    assert shown["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert (shown["EMAIL_HOST"], shown["EMAIL_PORT"], shown["EMAIL_USE_TLS"]) == ("smtp.example.fr", 587, True)
    assert shown["EMAIL_HOST_USER"] == "sante"
    assert shown["DEFAULT_FROM_EMAIL"] == "Infos santé <relecture@sante.example.fr>"
    ssl = email_settings(EMAIL_HOST="smtp.example.fr", EMAIL_USE_SSL="true")
    assert (ssl["EMAIL_PORT"], ssl["EMAIL_USE_TLS"], ssl["EMAIL_USE_SSL"]) == (465, False, True)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"EMAIL_PORT": "vingt-cinq"}, "EMAIL_PORT must be a whole number"),
        ({"EMAIL_PORT": "70000"}, "EMAIL_PORT must be a port number between 1 and 65535"),
        ({"EMAIL_USE_TLS": "oui"}, "EMAIL_USE_TLS must be true or false"),
        ({"EMAIL_USE_TLS": "true", "EMAIL_USE_SSL": "true"}, "EMAIL_USE_TLS and EMAIL_USE_SSL cannot both be true"),
        ({"SITE_URL": "sante.example.fr"}, "SITE_URL must be the site's address"),
    ],
)
def test_a_malformed_e_mail_setting_stops_start_up_with_a_sentence(env, message):
    result = manage("check", **env)
    assert result.returncode != 0
    assert message in result.stderr


@pytest.mark.parametrize(
    ("value", "expected"),
    [("https://sante.example.fr/", "https://sante.example.fr"), ("http://10.0.0.7:8000", "http://10.0.0.7:8000")],
)
def test_the_site_address_is_the_one_given_without_its_final_slash(monkeypatch, value, expected):
    monkeypatch.setenv("SITE_URL", value)
    assert site_url(production=True, allowed_hosts=["autre.example.fr"]) == expected


@pytest.mark.parametrize("value", ["https://sante.example.fr/articles/", "ftp://sante.example.fr", "https://"])
def test_a_site_address_with_a_path_or_another_scheme_is_refused(monkeypatch, value):
    monkeypatch.setenv("SITE_URL", value)
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be the site's address"):
        site_url(production=True, allowed_hosts=["sante.example.fr"])


def test_in_production_the_site_address_defaults_to_the_first_host_name(monkeypatch):
    monkeypatch.delenv("SITE_URL", raising=False)
    assert site_url(production=True, allowed_hosts=[".example.fr", "sante.example.fr"]) == "https://sante.example.fr"
    with pytest.raises(ImproperlyConfigured, match="SITE_URL must be set"):
        site_url(production=True, allowed_hosts=["*"])
