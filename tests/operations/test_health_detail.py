"""The operators' health check: which part is down and what the site did without it, for the
bearer of HEALTH_CHECK_TOKEN or, with no token set, a request made on the server itself; a 404
for anyone else."""

import logging

import pytest

from feedback import limits
from operations import outages
from tests.outage import DATABASE_REFUSED

pytestmark = pytest.mark.django_db

TOKEN = "un-jeton-de-test-assez-long-0123456789"
DETAIL = "/healthz/detail"
STRANGER = "203.0.113.9"


@pytest.fixture
def token(settings) -> str:
    settings.HEALTH_CHECK_TOKEN = TOKEN
    return TOKEN


@pytest.fixture(autouse=True)
def _no_token(settings):
    settings.HEALTH_CHECK_TOKEN = ""


def is_shown(response) -> bool:
    if response.status_code == 404:
        assert b'"database"' not in response.content
        return False
    assert response["Content-Type"] == "application/json"
    return True


def test_with_no_token_set_the_server_itself_gets_the_detail_over_ipv4_and_ipv6(client):
    assert is_shown(client.get(DETAIL, REMOTE_ADDR="127.0.0.1"))
    assert is_shown(client.get(DETAIL, REMOTE_ADDR="::1"))


def test_with_no_token_set_another_address_gets_a_404(client):
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER))
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR="127.0.0.2"))


def test_with_no_token_set_a_forged_x_forwarded_for_does_not_pass_for_the_server(client, settings):
    settings.PROXY_COUNT = 1  # even when the site believes its proxy about the reader's address
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"X-Forwarded-For": "127.0.0.1"}))


@pytest.mark.parametrize("header", ["X-Forwarded-For", "Forwarded", "X-Real-IP"])
def test_with_no_token_set_a_request_passed_on_by_a_proxy_on_the_server_gets_a_404(client, header):
    # nginx on the same machine connects from 127.0.0.1 for every reader, naming the reader.
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR="127.0.0.1", headers={header: STRANGER}))


def test_with_no_token_set_any_bearer_token_from_another_address_gets_a_404(client):
    for given in ("Bearer ", "Bearer", "Bearer x", f"Bearer {TOKEN}"):
        assert not is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"Authorization": given}))


def test_with_a_token_set_its_bearer_gets_the_detail_from_anywhere(client, token):
    assert is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"Authorization": f"Bearer {token}"}))
    assert is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"Authorization": f"bearer {token}"}))
    # HTTP allows more than one space after the scheme (RFC 9110, 11.4), and a value may end in one.
    assert is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"Authorization": f"Bearer  {token} "}))


@pytest.mark.parametrize(
    "given",
    [
        f"Bearer {TOKEN[:-1]}",
        f"Bearer {TOKEN}x",
        f"Bearer {TOKEN.upper()}",
        f"Basic {TOKEN}",
        TOKEN,
        "Bearer ",
        "Bearer é",
    ],
)
def test_with_a_token_set_a_wrong_one_gets_a_404(client, token, given):
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR=STRANGER, headers={"Authorization": given}))


def test_with_a_token_set_the_server_itself_needs_it_too(client, token):
    assert not is_shown(client.get(DETAIL, REMOTE_ADDR="127.0.0.1"))


def test_the_detail_answers_whatever_the_host_and_is_never_cached(client, token):
    response = client.get(DETAIL, HTTP_HOST="10.0.0.7:8000", headers={"Authorization": f"Bearer {token}"})
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


def test_the_detail_says_all_is_well(client):
    detail = client.get(DETAIL).json()
    assert detail == {
        "database": "up",
        "cache": "up",
        "serving": True,
        "down": {},
        "fallbacks": {},
        "feedback_spool_pending": 0,
    }


def test_with_redis_down_the_detail_says_since_when_why_and_what_the_site_did_without_it(
    client, redis_nowhere, article
):
    limits.over_rate_limit("lecteur")  # what a feedback post does
    limits.is_duplicate("lecteur", article.pk, "Très clair")
    response = client.get(DETAIL)
    assert response.status_code == 200
    detail = response.json()
    assert (detail["database"], detail["cache"], detail["serving"]) == ("up", "down", True)
    assert detail["down"]["cache"]["error"].startswith("ConnectionError: Error 111 connecting to 127.0.0.1")
    assert detail["down"]["cache"]["since"] > 0
    assert detail["fallbacks"] == {"rate limit on database": 1, "duplicate check on database": 1}


def test_with_neither_the_database_nor_the_cache_the_detail_answers_503(client, redis_nowhere, database_down):
    response = client.get(DETAIL)
    assert response.status_code == 503
    detail = response.json()
    assert (detail["database"], detail["cache"], detail["serving"]) == ("down", "down", False)
    assert set(detail["down"]) == {"cache", "database"}


def test_a_database_found_down_is_probed_again_only_at_its_retry_time_and_its_return_ends_the_outage(
    client, database_down, outage_clock
):
    for _ in range(3):  # a load balancer's probes, each of which would wait for a connect timeout
        detail = client.get(DETAIL).json()
        assert detail["database"] == "down"
    assert database_down.tries == 1
    assert detail["down"]["database"]["error"] == f"OperationalError: {DATABASE_REFUSED}"
    database_down.back()
    assert client.get(DETAIL).json()["database"] == "down", "not tried before its retry time"
    outage_clock(outages.RETRY_SECONDS[0])
    detail = client.get(DETAIL).json()
    assert (detail["database"], detail["down"]) == ("up", {})


def test_a_file_cache_that_cannot_be_written_is_down_and_logged_with_its_error(client, settings, tmp_path, caplog):
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("")  # a file where the cache's folder should be
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(tmp_path / "cache"),
        }
    }
    caplog.set_level(logging.ERROR, logger="operations.health")
    response = client.get(DETAIL)
    assert response.status_code == 200
    assert (response.json()["cache"], response.json()["serving"]) == ("down", True)
    [record] = [r for r in caplog.records if r.name == "operations.health"]
    assert record.getMessage() == "health check: the cache failed"
    assert record.exc_info[0] is FileExistsError
    in_the_way.unlink()  # for the cache to clear after the test
