"""Malformed requests get a 400, never a 500, on the reader's form and on the admin alike."""

import pytest

pytestmark = pytest.mark.django_db

ENDPOINTS = ["/avis/immunotherapie/", "/admin/login/"]
SAME_ORIGIN = {"Origin": "http://testserver", "Sec-Fetch-Site": "same-origin"}


@pytest.mark.parametrize("url", ENDPOINTS)
@pytest.mark.parametrize("charset", ["rot13", "undefined", "idna", "nope"])
@pytest.mark.parametrize("content_type", ["multipart/form-data; boundary=B", "application/x-www-form-urlencoded"])
def test_it_refuses_a_post_in_a_charset_it_cannot_decode_with_a_400(client, url, content_type, charset):
    body = b'--B\r\nContent-Disposition: form-data; name="rating"\r\n\r\n4\r\n--B--\r\n'
    response = client.generic("POST", url, body, content_type=f"{content_type}; charset={charset}", headers=SAME_ORIGIN)
    assert response.status_code == 400
