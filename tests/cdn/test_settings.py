"""The CDN settings, read from the environment (immuno_site/settings.py)."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def settings_check(**env: str) -> subprocess.CompletedProcess:
    base = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "CDN_", "FEEDBACK_"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env={**base, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_a_cdn_may_not_keep_a_page_longer_than_its_feedback_form_stays_good():
    assert settings_check(CDN_MAX_AGE="3600", CDN_STALE_IF_ERROR="39600").returncode == 0
    refused = settings_check(CDN_MAX_AGE="3600", CDN_STALE_IF_ERROR="39601")
    assert "CDN_MAX_AGE + CDN_STALE_IF_ERROR must not exceed 43200 seconds" in refused.stderr
    # A shorter form stamp shortens the grace by default; a CDN_MAX_AGE asked for beyond it is refused.
    assert settings_check(FEEDBACK_STAMP_MAX_AGE="3600").returncode == 0
    shorter = settings_check(CDN_MAX_AGE="3600", FEEDBACK_STAMP_MAX_AGE="3600")
    assert "must not exceed 1800 seconds" in shorter.stderr


def test_a_purged_cdn_keeps_pages_an_hour_and_one_nobody_purges_a_minute():
    show = "from django.conf import settings as s; print(s.CDN_MAX_AGE, s.CDN_PURGE_API)"
    shown = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v", "0", "-c", show],
        cwd=ROOT,
        env={k: v for k, v in os.environ.items() if not k.startswith("CDN_")}
        | {"CDN_PURGE_URL": "https://cdn.example/p"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert shown.stdout.split() == ["3600", "keys"]


def test_a_purge_address_or_protocol_the_site_cannot_use_stops_it_at_start():
    assert "must be an http:// or https:// address" in settings_check(CDN_PURGE_URL="file:///etc/passwd").stderr
    assert "must be keys, fastly or cloudflare" in settings_check(CDN_PURGE_API="akamai").stderr
    assert (
        settings_check(CDN_PURGE_URL="https://api.fastly.com/service/x/purge", CDN_PURGE_API="fastly").returncode == 0
    )
