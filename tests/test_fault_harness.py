"""The fault tests' own tools do what they rely on: a proxy that forwards until cut, refuses like
a stopped server, drops each connection like a restarting one (counting them) or swallows
everything like a hung one, and a redis-server of its own.

A fault test whose proxy silently kept forwarding would pass on a site that has no fallback at all.
"""

import os
import socket
from pathlib import Path

import pytest

from scripts.fault_harness import BLACKHOLE, DROP, REDIS_SERVER, REFUSE, RedisServer, TcpProxy

if not Path(REDIS_SERVER).exists():
    if os.environ.get("CI") == "true":
        raise RuntimeError("redis-server is missing: .ci/run installs it (apt-get install redis-server).")
    pytest.skip("redis-server is missing (apt-get install redis-server)", allow_module_level=True)

NO_ANSWER_SECONDS = 0.5


@pytest.fixture
def redis(tmp_path):
    server = RedisServer(tmp_path).start()
    yield server
    server.stop()


@pytest.fixture
def proxy(redis):
    proxy = TcpProxy("127.0.0.1", redis.port).start()
    yield proxy
    proxy.close()


def connect(port: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port), timeout=2)
    sock.settimeout(NO_ANSWER_SECONDS)
    return sock


def ping(sock: socket.socket) -> bytes:
    sock.sendall(b"PING\r\n")
    return sock.recv(64)


def test_the_proxy_forwards_to_the_server_behind_it(proxy):
    with connect(proxy.port) as sock:
        assert ping(sock) == b"+PONG\r\n"
        assert ping(sock) == b"+PONG\r\n"


def test_refuse_closes_open_connections_and_refuses_new_ones_until_restored(proxy):
    with connect(proxy.port) as open_before:
        assert ping(open_before) == b"+PONG\r\n"
        proxy.cut(REFUSE)
        assert_closed(open_before)
    with pytest.raises(ConnectionRefusedError):
        socket.create_connection(("127.0.0.1", proxy.port), timeout=2)

    proxy.restore()
    with connect(proxy.port) as sock:
        assert ping(sock) == b"+PONG\r\n"


def assert_closed(sock: socket.socket) -> None:
    """`sock` was closed by the other end: EOF or a reset, not an answer nor a wait."""
    try:
        answer = ping(sock)
    except (ConnectionResetError, BrokenPipeError):
        answer = b""
    assert answer == b"", f"the connection still answered {answer!r}"


def test_drop_closes_open_connections_and_each_new_one_at_once_counting_them_until_restored(proxy):
    with connect(proxy.port) as open_before:
        assert ping(open_before) == b"+PONG\r\n"
        proxy.cut(DROP)
        assert_closed(open_before)
    accepted = proxy.accepted
    for _ in range(3):
        with connect(proxy.port) as sock:  # accepted, not refused: the attempt reaches the proxy
            assert_closed(sock)
    assert proxy.accepted == accepted + 3

    proxy.restore()
    with connect(proxy.port) as sock:
        assert ping(sock) == b"+PONG\r\n"
    assert proxy.accepted == accepted + 4


def test_blackhole_accepts_but_never_answers_and_restore_drops_the_connections_it_held(proxy):
    with connect(proxy.port) as open_before:
        assert ping(open_before) == b"+PONG\r\n"
        proxy.cut(BLACKHOLE)
        with pytest.raises(TimeoutError):
            ping(open_before)
        with connect(proxy.port) as opened_during:  # accepted: no refusal to tell the client
            with pytest.raises(TimeoutError):
                ping(opened_during)

            proxy.restore()
            assert_closed(opened_during)
        assert_closed(open_before)
    with connect(proxy.port) as sock:
        assert ping(sock) == b"+PONG\r\n"


def test_a_redis_server_of_our_own_answers_until_stopped(redis):
    assert redis.answers()
    redis.stop()
    assert not redis.answers()
