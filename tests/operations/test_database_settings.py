"""A PostgreSQL that does not answer costs a reader a few seconds at most, not the system's TCP
timeout: the connect timeout read from the environment (immuno_site/settings.py)."""

from functools import partial

import pytest
from django.conf import settings
from django.db import connection

from tests.manage_process import manage

SHOW = "from django.conf import settings as s; print(s.DATABASES['default']['OPTIONS'].get('connect_timeout'))"


shell = partial(manage, "shell", "-v", "0", "-c", SHOW, unset=("DJANGO_", "DATABASE_"))


def test_postgresql_gives_up_connecting_after_three_seconds_unless_told_otherwise():
    url = "postgres://immuno@127.0.0.1:5432/immuno"
    assert shell(DATABASE_URL=url).stdout.strip() == "3"
    assert shell(DATABASE_URL=url, DATABASE_CONNECT_TIMEOUT="10").stdout.strip() == "10"
    assert shell(DATABASE_URL=f"{url}?connect_timeout=5").stdout.strip() == "5"


def test_a_connect_timeout_of_zero_which_would_wait_for_ever_is_refused():
    refused = shell(DATABASE_URL="postgres://immuno@127.0.0.1:5432/immuno", DATABASE_CONNECT_TIMEOUT="0")
    assert "DATABASE_CONNECT_TIMEOUT must be at least 1 second" in refused.stderr


@pytest.mark.skipif(connection.vendor != "postgresql", reason="libpq's TCP options")
@pytest.mark.django_db
def test_postgresql_gives_up_a_connection_whose_server_stopped_acknowledging():
    # What libpq was given, read back from the open connection: a network cut costs a request
    # DATABASE_TCP_TIMEOUT seconds, not the system's TCP retries (about 15 minutes).
    connection.ensure_connection()
    given = connection.connection.info.get_parameters()
    assert given["tcp_user_timeout"] == str(settings.DATABASE_TCP_TIMEOUT * 1000)
    assert (given["keepalives"], given["keepalives_idle"]) == ("1", str(settings.DATABASE_TCP_TIMEOUT))


def test_a_tcp_timeout_of_zero_is_refused():
    refused = shell(DATABASE_URL="postgres://immuno@127.0.0.1:5432/immuno", DATABASE_TCP_TIMEOUT="0")
    assert "DATABASE_TCP_TIMEOUT must be at least 1 second" in refused.stderr


def test_a_negative_stale_window_which_would_keep_no_copy_for_an_outage_is_refused():
    refused = shell(PAGE_STALE_SECONDS="-1")
    assert "PAGE_STALE_SECONDS must not be negative, not '-1'." in refused.stderr
