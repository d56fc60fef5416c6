"""Who a client is, behind proxies or not: what the rate limit and the admin lock-out count.

Fast unit tests without a database: `make mutate` runs them against every mutant of
operations/client_address.py.
"""

from ipaddress import ip_network

import pytest
from django.test import RequestFactory

from operations.client_address import client_address

READER = "198.51.100.7"
OTHER_READER = "203.0.113.9"


@pytest.fixture
def behind(settings):
    """Configure the proxies: how many stand in front, and which addresses are ours."""

    def configure(proxy_count: int, *trusted: str) -> None:
        settings.PROXY_COUNT = proxy_count
        settings.TRUSTED_PROXIES = [ip_network(network) for network in trusted]

    return configure


def address_of(forwarded_for: str | None = None, **meta: str) -> str:
    headers = {} if forwarded_for is None else {"X-Forwarded-For": forwarded_for}
    return client_address(RequestFactory().get("/", headers=headers, **meta))


def test_without_a_proxy_the_peer_is_the_client_whatever_the_header_says(behind):
    behind(0, "127.0.0.1")
    assert address_of(OTHER_READER, REMOTE_ADDR="127.0.0.1") == "127.0.0.1"


def test_a_forged_header_sent_straight_to_the_server_is_ignored(behind):
    behind(1, "10.0.0.1")
    assert address_of(OTHER_READER, REMOTE_ADDR=READER) == READER


def test_behind_one_trusted_proxy_the_client_is_the_address_it_forwards(behind):
    behind(1, "10.0.0.1")
    assert address_of(READER, REMOTE_ADDR="10.0.0.1") == READER


def test_behind_one_proxy_what_the_client_itself_put_in_the_header_is_ignored(behind):
    behind(1, "10.0.0.1")
    assert address_of(f"{OTHER_READER}, {READER}", REMOTE_ADDR="10.0.0.1") == READER


def test_behind_a_chain_of_two_proxies_the_client_is_the_address_the_outer_one_saw(behind):
    behind(2, "10.0.0.0/24")
    assert address_of(f"{OTHER_READER}, {READER}, 10.0.0.1", REMOTE_ADDR="10.0.0.2") == READER


def test_the_walk_stops_at_the_first_address_that_is_not_a_proxy_even_with_hops_left(behind):
    behind(3, "10.0.0.0/24")
    assert address_of(f"10.0.0.5, {READER}, 10.0.0.1", REMOTE_ADDR="10.0.0.2") == READER


def test_the_walk_never_goes_further_back_than_the_number_of_proxies(behind):
    behind(1, "10.0.0.0/24")
    assert address_of(f"{READER}, 10.0.0.1", REMOTE_ADDR="10.0.0.2") == "10.0.0.1"


def test_an_address_in_a_trusted_network_is_a_proxy_and_one_outside_is_not(behind):
    behind(1, "10.0.0.0/24")
    assert address_of(READER, REMOTE_ADDR="10.0.0.255") == READER
    assert address_of(READER, REMOTE_ADDR="10.0.1.0") == "10.0.1.0"


def test_any_of_several_trusted_networks_makes_the_peer_a_proxy(behind):
    behind(1, "10.0.0.1", "192.0.2.0/28")
    assert address_of(READER, REMOTE_ADDR="192.0.2.3") == READER
    assert address_of(READER, REMOTE_ADDR="10.0.0.1") == READER


def test_spaces_around_the_forwarded_addresses_are_ignored(behind):
    behind(2, "10.0.0.0/24")
    assert address_of(f"{READER} , 10.0.0.1", REMOTE_ADDR="10.0.0.2") == READER


@pytest.mark.parametrize("garbage", ["nimporte-quoi", "", "  ", "198.51.100.7:4321", "[2001:db8::7]", "unknown"])
def test_a_malformed_forwarded_entry_is_not_trusted_and_the_proxy_counts_as_the_client(behind, garbage):
    behind(2, "10.0.0.1")
    assert address_of(f"{READER}, {garbage}", REMOTE_ADDR="10.0.0.1") == "10.0.0.1"


def test_a_malformed_entry_beyond_the_proxies_does_not_matter(behind):
    behind(1, "10.0.0.1")
    assert address_of(f"<script>, {READER}", REMOTE_ADDR="10.0.0.1") == READER


def test_a_trusted_peer_without_the_header_is_the_client(behind):
    behind(1, "10.0.0.1")
    assert address_of(REMOTE_ADDR="10.0.0.1") == "10.0.0.1"


def test_a_peer_without_an_ip_address_is_never_a_proxy(behind):
    behind(1, "10.0.0.1")
    assert address_of(READER, REMOTE_ADDR="") == ""
    assert address_of(READER, REMOTE_ADDR="unix:/run/gunicorn.sock") == "unix:/run/gunicorn.sock"


def test_a_request_without_a_peer_address_has_an_empty_client_address(behind):
    behind(1, "10.0.0.1")
    request = RequestFactory().get("/", headers={"X-Forwarded-For": READER})
    del request.META["REMOTE_ADDR"]
    assert client_address(request) == ""


def test_ipv6_proxies_and_clients_are_understood_and_written_in_one_form(behind):
    behind(1, "::1", "2001:db8:ffff::/48")
    assert address_of("2001:DB8:0:0::7", REMOTE_ADDR="::1") == "2001:db8::7"
    assert address_of(READER, REMOTE_ADDR="2001:db8:ffff::2") == READER


def test_an_ipv6_peer_is_not_trusted_because_an_ipv4_proxy_is(behind):
    behind(1, "127.0.0.1")
    assert address_of(READER, REMOTE_ADDR="::1") == "::1"
