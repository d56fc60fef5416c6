"""The CDN settings, read from the environment (immuno_site/settings.py)."""

from functools import partial

from tests.manage_process import manage

settings_check = partial(manage, "check", unset=("DJANGO_", "CDN_", "FEEDBACK_"))


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
    shown = manage("shell", "-v", "0", "-c", show, unset=("CDN_",), CDN_PURGE_URL="https://cdn.example/p")
    assert shown.stdout.split() == ["3600", "keys"]


def test_a_purge_address_or_protocol_the_site_cannot_use_stops_it_at_start():
    assert "must be an http:// or https:// address" in settings_check(CDN_PURGE_URL="file:///etc/passwd").stderr
    assert "must be keys, fastly or cloudflare" in settings_check(CDN_PURGE_API="akamai").stderr
    assert (
        settings_check(CDN_PURGE_URL="https://api.fastly.com/service/x/purge", CDN_PURGE_API="fastly").returncode == 0
    )
