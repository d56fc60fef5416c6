import pytest

from tests.factories import STAFF_PASSWORD


@pytest.fixture
def log_in(client):
    """Post the admin's log-in form as a browser would; the code only when given."""

    def post(user, code: str | None = None, password: str = STAFF_PASSWORD):
        data = {"username": user.username, "password": password, "next": "/admin/"}
        if code is not None:
            data["otp_token"] = code
        return client.post("/admin/login/?next=/admin/", data)

    return post
