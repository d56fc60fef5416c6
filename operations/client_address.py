"""Who is asking: the one answer shared by the admin lock-out and the feedback rate limit.

A client can write anything in X-Forwarded-For, so the header is read from the right, one
entry per proxy: each entry was appended by the proxy to its right and is believed only while
that proxy is one of ours (TRUSTED_PROXIES), never more than PROXY_COUNT entries back.
"""

import ipaddress
from itertools import islice

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str:
    address = request.META.get("REMOTE_ADDR", "")
    entries = reversed(request.META.get("HTTP_X_FORWARDED_FOR", "").split(","))
    for entry in islice(entries, settings.PROXY_COUNT):
        if not is_trusted_proxy(address):
            break
        try:
            address = str(ipaddress.ip_address(entry.strip()))
        except ValueError:
            # One of our proxies wrote something that is not an address: nothing to its left
            # can be believed, so the proxy itself stands for the client.
            break
    return address


def is_trusted_proxy(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in network for network in settings.TRUSTED_PROXIES)
