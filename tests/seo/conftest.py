import pytest

SITE_URL = "https://sante.example.fr"


@pytest.fixture(autouse=True)
def site_url(settings) -> str:
    """An address unlike the test client's host (testserver): what the site writes comes from it."""
    settings.SITE_URL = SITE_URL
    return SITE_URL
