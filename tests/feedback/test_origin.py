"""Which posts count as coming from the site's own pages (feedback/origin.py), without HTTP.

Fast unit tests without a database: `make mutate` runs them against every mutant of origin.py.
"""

import pytest
from django.test import RequestFactory

from feedback.origin import is_same_origin


def post(secure: bool = False, **headers: str) -> bool:
    return is_same_origin(RequestFactory().post("/avis/article/", headers=headers, secure=secure))


@pytest.mark.parametrize("fetch_site", ["same-origin", "none"])
def test_a_browser_saying_the_post_comes_from_the_site_or_the_reader_is_believed(fetch_site):
    assert post(**{"Sec-Fetch-Site": fetch_site}) is True


@pytest.mark.parametrize("fetch_site", ["same-site", "cross-site", "", "Same-Origin"])
def test_a_browser_saying_the_post_comes_from_elsewhere_is_refused(fetch_site):
    assert post(**{"Sec-Fetch-Site": fetch_site}) is False


def test_the_fetch_metadata_wins_over_an_origin_that_looks_right():
    assert post(**{"Sec-Fetch-Site": "cross-site", "Origin": "http://testserver"}) is False
    assert post(**{"Sec-Fetch-Site": "same-origin", "Origin": "https://evil.example"}) is True


def test_without_fetch_metadata_the_site_s_own_origin_is_accepted():
    assert post(Origin="http://testserver") is True
    assert post(secure=True, Origin="https://testserver") is True


@pytest.mark.parametrize(
    "origin", ["https://evil.example", "https://testserver", "http://testserver:8000", "http://testserver.evil", "null"]
)
def test_without_fetch_metadata_any_other_origin_is_refused(origin):
    assert post(Origin=origin) is False


def test_a_post_with_neither_header_is_refused():
    assert post() is False


def test_an_origin_the_operator_trusts_is_accepted(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["https://sante.example.fr"]
    assert post(Origin="https://sante.example.fr") is True
    assert post(Origin="https://autre.example.fr") is False


def test_a_sandboxed_page_s_null_origin_is_refused_even_if_null_slipped_into_the_trusted_origins(settings):
    settings.CSRF_TRUSTED_ORIGINS = ["null"]  # gunicorn runs no system check that would refuse it
    assert post(Origin="null") is False
