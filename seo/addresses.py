"""Full addresses from the site's own (SITE_URL), never from the Host header a request carries:
what search engines and feed readers keep must not depend on how a request reached the site."""

from django.conf import settings


def absolute(path: str) -> str:
    return settings.SITE_URL + path
