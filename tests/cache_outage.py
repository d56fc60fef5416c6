"""A real Redis the tests can take away and give back: a redis-server of the test run's own, behind a
TCP switch that passes bytes while on and, while off, drops every connection the moment it is
made (the site sees what it sees when Redis goes down or restarts), counting the connections."""

import contextlib
import shutil
import socket
import subprocess
import threading
import time

import redis


def use_redis(settings, url: str) -> None:
    """The cache, and the feedback limits' store, in the Redis at `url`, as settings.py sets them."""
    settings.REDIS_URL = url
    settings.CACHES = {
        "default": {
            "BACKEND": "operations.resilient_cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": "immuno",
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 0.5},
        }
    }


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def silent_server() -> socket.socket:
    """A listening socket that never accepts: the system completes each connection, and nothing
    ever answers what is sent on it (a Redis that hangs, or a firewall that swallows the replies).
    Close it when done."""
    return socket.create_server(("127.0.0.1", 0), backlog=64)


class RedisServer:
    """A redis-server process on a free port, keeping nothing on disk."""

    def __init__(self) -> None:
        executable = shutil.which("redis-server")
        if executable is None:
            raise FileNotFoundError("redis-server")
        self.port = free_port()
        self.process = subprocess.Popen(
            [executable, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
        )
        client = redis.Redis(port=self.port)
        for _ in range(100):
            try:
                client.ping()
                break
            except redis.ConnectionError:
                time.sleep(0.05)
        client.close()

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(10)


class RedisSwitch:
    """Between the site and a Redis at `target_port`: `off()` cuts every open connection and drops
    each new one at once, `on()` lets them through again; `connections` counts those made."""

    def __init__(self, target_port: int) -> None:
        self.target_port = target_port
        self.listener = socket.create_server(("127.0.0.1", 0))
        self.port = self.listener.getsockname()[1]
        self.connections = 0
        self._on = True
        self._open: list[socket.socket] = []
        self._lock = threading.Lock()
        threading.Thread(target=self._accept, daemon=True).start()

    def url(self, db: int = 0) -> str:
        return f"redis://127.0.0.1:{self.port}/{db}"

    def off(self) -> None:
        with self._lock:
            self._on = False
            for sock in self._open:
                _close(sock)
            self._open.clear()

    def on(self) -> None:
        with self._lock:
            self._on = True

    def close(self) -> None:
        self.off()
        _close(self.listener)

    def _accept(self) -> None:
        while True:
            try:
                client, _ = self.listener.accept()
            except OSError:
                return  # closed
            with self._lock:
                self.connections += 1
                if not self._on:
                    _close(client)
                    continue
                server = socket.create_connection(("127.0.0.1", self.target_port))
                self._open += [client, server]
            threading.Thread(target=_pump, args=(client, server), daemon=True).start()
            threading.Thread(target=_pump, args=(server, client), daemon=True).start()


def _pump(source: socket.socket, sink: socket.socket) -> None:
    with contextlib.suppress(OSError):  # cut by `off()`
        while data := source.recv(65536):
            sink.sendall(data)
    _close(source)
    _close(sink)


def _close(sock: socket.socket) -> None:
    with contextlib.suppress(OSError):  # already closed by the other end
        sock.shutdown(socket.SHUT_RDWR)
    sock.close()
