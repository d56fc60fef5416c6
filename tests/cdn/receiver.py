"""A small local HTTP endpoint standing for a CDN's purge API: it records what it receives, and
can be told to fail the first calls (with a status, or by answering too late)."""

import json
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict
    at: float  # time.time() when it arrived


class Receiver:
    def __init__(self) -> None:
        self.calls: list[Call] = []
        self.failures_left = 0
        self.failure_status = 503
        self.delay = 0.0  # seconds before answering a failing call (a time-out when longer than the client waits)
        self._arrived = threading.Condition()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
                with receiver._arrived:
                    receiver.calls.append(Call(self.path, dict(self.headers), json.loads(body), time.time()))
                    failing = receiver.failures_left > 0
                    receiver.failures_left -= failing
                    receiver._arrived.notify_all()
                if failing and receiver.delay:
                    time.sleep(receiver.delay)
                self.send_response(receiver.failure_status if failing else 200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(b'{"status": "ok"}' if not failing else b'{"status": "error"}')

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.server_address[1]}/purge"

    def fail(self, count: int, status: int = 503, delay: float = 0.0) -> None:
        self.failures_left, self.failure_status, self.delay = count, status, delay

    def keys(self) -> list[list[str]]:
        """The keys of each call received, in order."""
        return [call.body["keys"] for call in self.calls]

    def wait_for(self, count: int, timeout: float = 10) -> None:
        with self._arrived:
            assert self._arrived.wait_for(lambda: len(self.calls) >= count, timeout), self.calls

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
