"""Start the site under gunicorn (with gunicorn.conf.py) on 127.0.0.1 and stop it again.

One harness for `make bench` (scripts/bench.py), the scale-out test (tests/test_scale_out.py)
and the test behind nginx (tests/test_behind_nginx.py).
"""

# The command run is a fixed program of this repository: S603 does not apply.
# ruff: noqa: S603

import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Mapping
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Beside the running interpreter, so the virtualenv in use provides it whatever its path.
GUNICORN = str(Path(sys.executable).with_name("gunicorn"))
START_SECONDS = 30


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_server(env: Mapping[str, str], port: int, log: Path, cpu_core: str | None = None) -> subprocess.Popen:
    """Start gunicorn with `env` on `port`, its output appended to `log`; return once /healthz answers 200.

    `cpu_core` pins the server (master and workers) to that core with taskset. On failure the server
    is stopped and RuntimeError gives the end of the log.
    """
    pin = ["taskset", "-c", cpu_core] if cpu_core is not None else []
    with log.open("ab") as out:
        server = subprocess.Popen(
            [*pin, GUNICORN, "--config", "gunicorn.conf.py", "immuno_site.wsgi"],
            cwd=ROOT,
            env={**env, "PORT": str(port)},
            stdout=out,
            stderr=subprocess.STDOUT,
        )
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {server.returncode}; {log}:\n{tail(log)}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2) as response:
                if response.status == 200:
                    return server
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    stop_server(server)
    raise RuntimeError(f"gunicorn did not answer on port {port} within {START_SECONDS} s; {log}:\n{tail(log)}")


def stop_server(server: subprocess.Popen) -> None:
    """SIGTERM, which lets gunicorn finish the requests in hand; SIGKILL if it takes over 25 s."""
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=25)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def tail(log: Path) -> str:
    return log.read_text(errors="replace")[-4000:]
