import os
import time
from urllib.parse import urlencode

import pytest

from feedback.spam import sign_shown_at


@pytest.fixture
def post_feedback(client, article):
    """Post the form as a reader's browser does: same-origin, some seconds after it was shown; on
    the test's `article` unless given another slug."""

    def post(slug: str = article.slug, json: bool = False, headers: dict | None = None, **data):
        fields = {"rating": "4", "comment": "Très clair.", "shown_at": sign_shown_at(time.time() - 30), **data}
        fields = {k: v for k, v in fields.items() if v is not None}
        sent_headers = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin", **(headers or {})}
        if json:
            sent_headers["Accept"] = "application/json"
        sent_headers = {k: v for k, v in sent_headers.items() if v is not None}
        body = urlencode(fields)  # what the form and the script send: no multipart
        return client.post(
            f"/avis/{slug}/", body, content_type="application/x-www-form-urlencoded", headers=sent_headers
        )

    return post


@pytest.fixture(params=["database", "redis"])
def counter_store(request, settings) -> str:
    """Run a test against the laptop's database rows and, when Redis answers, against Redis."""
    if request.param == "redis":
        if not os.environ.get("REDIS_URL"):
            pytest.skip("Redis store: set REDIS_URL to test it")
        settings.REDIS_URL = os.environ["REDIS_URL"]
    else:
        settings.REDIS_URL = ""
    return request.param
