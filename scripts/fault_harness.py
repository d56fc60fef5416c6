"""Take the database or the cache away from a running site, for the fault test
(tests/test_failures.py) and the fault part of `make bench` (BENCH_PARTS=faults).

The shared PostgreSQL and Redis on 127.0.0.1 are never stopped: other tests, other sites and
other people use them. The site reaches each through a TCP proxy of ours, and cutting the proxy
is what a stopped or hung server looks like from the site. The cache is a redis-server of our own
behind its proxy, so nothing the site keeps lands in the shared Redis and a fault run starts with
an empty cache.

`faulty_site()` starts all of it (own redis-server, two proxies, gunicorn through
scripts/gunicorn_server.py) and stops it again; `FaultySite` cuts and restores the parts and
talks to the site as a reader, a poster, an editor and an operator would.
"""

# The commands run are fixed programs (redis-server, gunicorn) and every address is 127.0.0.1.
# ruff: noqa: S603

import asyncio
import contextlib
import http.client
import http.cookies
import json
import secrets
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

try:
    from scripts.gunicorn_server import free_port, start_server, stop_server
except ModuleNotFoundError:  # imported by scripts/bench.py, run as a script: scripts/ is on the path
    from gunicorn_server import free_port, start_server, stop_server

REFUSE = "refuse"
DROP = "drop"
BLACKHOLE = "blackhole"
REDIS_SERVER = shutil.which("redis-server") or "/usr/bin/redis-server"
HEALTH_DETAIL = "/healthz/detail"


class TcpProxy:
    """127.0.0.1:`port` forwarding every connection to `upstream`, until it is cut.

    `cut(REFUSE)`: every open connection is closed and the port stops listening, so a new connect
    is refused at once: a stopped server. `cut(DROP)`: every open connection is closed, and each
    new one is accepted and closed at once: a server restarting, or a port forwarder with nothing
    behind it; unlike a refusal, each attempt reaches the proxy, so `accepted` counts it.
    `cut(BLACKHOLE)`: connections are still accepted, but nothing goes through in either
    direction and nothing is closed: a hung server or a network that drops packets; a client
    learns of it from its own timeout only. `restore()`: forwarding again on the same port; the
    connections that lived through a blackhole are closed (bytes were lost on them), so their
    clients reconnect as after a real partition.

    `accepted` counts the connections the proxy accepted, in every mode (a refused one never
    reaches it): how a test sees whether a client tried its server again during an outage.

    The proxy runs an asyncio loop in a thread of its own; `cut` and `restore` return once the
    change is made.
    """

    def __init__(self, upstream_host: str, upstream_port: int, name: str = "proxy") -> None:
        self.upstream = (upstream_host, upstream_port)
        self.port = free_port()
        self.mode: str | None = None  # None while forwarding
        self.accepted = 0
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name=name, daemon=True)
        self._server: asyncio.Server | None = None
        self._pairs: set[_Pair] = set()

    def start(self) -> "TcpProxy":
        self._thread.start()
        self._run(self._listen())
        return self

    def cut(self, mode: str) -> None:
        if mode not in (REFUSE, DROP, BLACKHOLE):
            raise ValueError(f"cut mode must be {REFUSE!r}, {DROP!r} or {BLACKHOLE!r}, not {mode!r}")
        self._run(self._cut(mode))

    def restore(self) -> None:
        self._run(self._restore())

    def close(self) -> None:
        if self._thread.is_alive():
            self._run(self._cut(REFUSE))
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(timeout=5)
        self._loop.close()

    def _run(self, coroutine) -> None:
        asyncio.run_coroutine_threadsafe(coroutine, self._loop).result(timeout=10)

    async def _listen(self) -> None:
        # The port was ours a moment ago; an outgoing connection may hold it as its local port
        # for a while (rare), so binding again is retried before giving up.
        deadline = time.monotonic() + 5
        while True:
            try:
                self._server = await asyncio.start_server(self._accept, "127.0.0.1", self.port, reuse_address=True)
                return
            except OSError:
                if time.monotonic() > deadline:
                    raise
                await asyncio.sleep(0.1)

    async def _cut(self, mode: str) -> None:
        if mode == BLACKHOLE:
            for pair in self._pairs:
                pair.blackholed = True
        else:
            if mode == REFUSE and self._server is not None:
                self._server.close()
                await self._server.wait_closed()
                self._server = None
            elif mode == DROP and self._server is None:
                await self._listen()
            for pair in list(self._pairs):
                pair.close()
        self.mode = mode

    async def _restore(self) -> None:
        for pair in [pair for pair in self._pairs if pair.blackholed]:
            pair.close()
        if self._server is None:
            await self._listen()
        self.mode = None

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self.mode == DROP:
            writer.transport.abort()
            return
        pair = _Pair(writer, blackholed=self.mode == BLACKHOLE)
        self._pairs.add(pair)
        try:
            if pair.blackholed:
                await self._pipe(pair, reader, None)
                return
            try:
                upstream_reader, pair.upstream = await asyncio.open_connection(*self.upstream)
            except OSError:
                return
            if pair.closed:  # cut while connecting
                return
            both = [
                asyncio.ensure_future(self._pipe(pair, reader, pair.upstream)),
                asyncio.ensure_future(self._pipe(pair, upstream_reader, writer)),
            ]
            # Either side closing ends the pair: neither database nor cache half-closes a connection.
            _, pending = await asyncio.wait(both, return_when=asyncio.FIRST_COMPLETED)
            for task in pending:
                task.cancel()
        finally:
            pair.close()
            self._pairs.discard(pair)

    async def _pipe(self, pair: "_Pair", reader: asyncio.StreamReader, writer: asyncio.StreamWriter | None) -> None:
        with contextlib.suppress(OSError):
            while data := await reader.read(65536):
                if pair.blackholed or writer is None:
                    continue  # read and dropped: the sender's writes succeed, no answer ever comes
                writer.write(data)
                await writer.drain()


@dataclass(eq=False)
class _Pair:
    client: asyncio.StreamWriter
    blackholed: bool
    upstream: asyncio.StreamWriter | None = None
    closed: bool = False

    def close(self) -> None:
        self.closed = True
        for writer in (self.client, self.upstream):
            if writer is not None:
                writer.transport.abort()


class RedisServer:
    """A redis-server of our own on a free port of 127.0.0.1, keeping nothing on disk."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.port = free_port()
        self.log = directory / f"redis-{self.port}.log"
        self.process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> "RedisServer":
        if not Path(REDIS_SERVER).exists():
            raise RuntimeError("redis-server is missing (apt-get install redis-server)")
        self.directory.mkdir(parents=True, exist_ok=True)
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"]
        command += ["--dir", str(self.directory), "--logfile", str(self.log)]
        self.process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 10
        while not self.answers():
            if self.process.poll() is not None or time.monotonic() > deadline:
                self.stop()
                log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
                raise RuntimeError(f"redis-server did not answer on port {self.port}:\n{log}")
            time.sleep(0.05)
        return self

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(64).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


@dataclass
class Answer:
    status: int  # 0: no answer (refused, reset, timed out); `text` then says why
    headers: dict[str, str]
    text: str

    def json(self) -> dict:
        return json.loads(self.text)


@dataclass
class Client:
    """One visitor: cookies kept, redirects reported rather than followed, a timeout on every request."""

    port: int
    timeout: float = 10
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, method: str, path: str, form: Mapping | None = None, headers: Mapping | None = None) -> Answer:
        sent = dict(headers or {})
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
        except (OSError, http.client.HTTPException) as error:
            return Answer(0, {}, f"{type(error).__name__}: {error}")
        finally:
            connection.close()
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in http.cookies.SimpleCookie(value).items():
                if morsel["max-age"] == "0" or morsel.value == "":
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        return Answer(response.status, dict(response.headers), text)

    def get(self, path: str, headers: Mapping | None = None) -> Answer:
        return self.request("GET", path, headers=headers)


@dataclass
class FaultySite:
    """The site under gunicorn, its database and its cache each behind a proxy we can cut."""

    port: int
    log: Path
    spool: Path
    database: TcpProxy
    cache: TcpProxy
    redis: RedisServer
    cache_prefix: str  # the site's KEY_PREFIX in its redis-server
    health_token: str
    server: subprocess.Popen

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def client(self, timeout: float = 10) -> Client:
        return Client(self.port, timeout)

    def get(self, path: str) -> Answer:
        return self.client().get(path)

    def post_opinion(self, slug: str, comment: str, rating: int = 4, as_json: bool = False) -> Answer:
        """An opinion sent with the article's form, by a browser running the page's script or not."""
        headers = {"Origin": self.base}
        if as_json:
            headers["Accept"] = "application/json"
        form = {"rating": str(rating), "comment": comment, "shown_at": ""}
        return self.client().request("POST", f"/avis/{slug}/", form, headers)

    def health(self) -> int:
        return self.get("/healthz").status

    def health_detail(self) -> dict:
        """The operators' health check; {} when it gives no JSON (the answer is then in "error")."""
        answer = self.client().get(HEALTH_DETAIL, {"Authorization": f"Bearer {self.health_token}"})
        try:
            return {**answer.json(), "status": answer.status}
        except ValueError:
            return {"status": answer.status, "error": answer.text[:300]}

    def wait_for(self, what: str, check, seconds: float) -> dict:
        """Poll the operators' health check until `check(detail)` holds; AssertionError after `seconds`."""
        deadline = time.monotonic() + seconds
        while True:
            detail = self.health_detail()
            if check(detail):
                return detail
            if time.monotonic() > deadline:
                raise AssertionError(f"{what}: not within {seconds} s; last health detail: {detail}")
            time.sleep(0.25)

    def restore(self) -> None:
        self.database.restore()
        self.cache.restore()

    def logs(self) -> str:
        return self.log.read_text(errors="replace")


def through(url: str, proxy: TcpProxy) -> str:
    """`url` with its host and port replaced by the proxy's."""
    parts = urlsplit(url)
    credentials = parts.netloc.rpartition("@")[0]
    netloc = f"{credentials}@127.0.0.1:{proxy.port}" if credentials else f"127.0.0.1:{proxy.port}"
    return urlunsplit(parts._replace(netloc=netloc))


@contextlib.contextmanager
def faulty_site(
    env: Mapping[str, str], database_url: str, directory: Path, cpu_core: str | None = None
) -> Iterator[FaultySite]:
    """Start the site with `env` on `database_url` (PostgreSQL) through a proxy, and on a
    redis-server of its own through another; stop all of it on the way out.

    `env` is the caller's (secret key, static root, feedback limits…); this adds where the
    database, the cache and the opinions' spool are, the operators' token and two workers with no
    restart, so each process logs its outage lines once.
    """
    database = urlsplit(database_url)
    directory.mkdir(parents=True, exist_ok=True)
    spool = directory / "spool"
    spool.mkdir(exist_ok=True)
    log = directory / "gunicorn.log"
    token = secrets.token_urlsafe(24)
    with contextlib.ExitStack() as stack:
        redis = RedisServer(directory / "redis").start()
        stack.callback(redis.stop)
        database_proxy = TcpProxy(database.hostname or "127.0.0.1", database.port or 5432, "database-proxy").start()
        stack.callback(database_proxy.close)
        cache_proxy = TcpProxy("127.0.0.1", redis.port, "cache-proxy").start()
        stack.callback(cache_proxy.close)
        port, prefix = free_port(), f"faults-{secrets.token_hex(4)}"
        site_env = {
            **env,
            "DATABASE_URL": through(database_url, database_proxy),
            "REDIS_URL": through(redis.url, cache_proxy),
            "CACHE_KEY_PREFIX": prefix,
            "REDIS_TIMEOUT": "0.5",
            "FEEDBACK_SPOOL_DIR": str(spool),
            "HEALTH_CHECK_TOKEN": token,
            "WEB_CONCURRENCY": env.get("WEB_CONCURRENCY", "2"),
            "GUNICORN_MAX_REQUESTS": "0",
            "GUNICORN_ACCESS_LOG": str(directory / "access.log"),
            "HOST": "127.0.0.1",
        }
        server = start_server(site_env, port, log, cpu_core=cpu_core)
        stack.callback(stop_server, server)
        yield FaultySite(port, log, spool, database_proxy, cache_proxy, redis, prefix, token, server)
