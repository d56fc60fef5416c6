import time

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
        return client.post(f"/avis/{slug}/", fields, headers=sent_headers)

    return post
