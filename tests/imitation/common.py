"""The HTTP machinery shared by the SCB and Kolada imitations.

`ImitationServer` runs a `ThreadingHTTPServer` on 127.0.0.1 (a free port unless one is given) in a
daemon thread. Every request is recorded; `inject()` queues canned replies (faults) per path
suffix; a sliding-window rate limiter answers 429 with `Retry-After` like the real services.
Subclasses implement `handle()`, which turns one request into a `Reply`.
"""

from __future__ import annotations

import contextlib
import json
import math
import socket
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any, Self
from urllib.parse import parse_qs, unquote, urlsplit

JSON = "application/json; charset=utf-8"
PROBLEM_JSON = "application/problem+json; charset=utf-8"


@dataclass
class Reply:
    """One HTTP response. `status=0` drops the connection without answering (a network fault);
    `delay` (seconds) is slept before answering (a slow server, for timeout tests)."""

    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": JSON})
    delay: float = 0.0


@dataclass
class Recorded:
    """One request as the server saw it, and the status it was answered with."""

    method: str
    path: str  # percent-decoded, without the query string
    # parse_qs(keep_blank_values=True) of the query string: SCB keys look like valueCodes[Region]
    query: dict[str, list[str]]
    body: bytes
    at: float  # time.monotonic() when the request arrived
    status: int  # 0 when the connection was dropped on purpose
    headers: dict[str, str] = field(default_factory=dict)

    def json(self) -> Any:
        return json.loads(self.body)


def json_reply(status: int, document: Any, content_type: str = JSON, **headers: str) -> Reply:
    body = json.dumps(document, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return Reply(status, body, {"Content-Type": content_type, **headers})


def problem(status: int, title: str, detail: str | None = None, type_: str | None = None) -> Reply:
    """An RFC 9457 problem+json reply shaped like the ones PxWebApi 2.0 sends."""
    document: dict[str, Any] = {"type": type_ or PROBLEM_TYPES.get(status, "about:blank")}
    document["title"] = title
    document["status"] = status
    if detail is not None:
        document["detail"] = detail
    return json_reply(status, document, PROBLEM_JSON)


PROBLEM_TYPES = {
    400: "https://tools.ietf.org/html/rfc9110#section-15.5.1",
    403: "https://tools.ietf.org/html/rfc9110#section-15.5.4",
    404: "https://tools.ietf.org/html/rfc9110#section-15.5.5",
    405: "https://tools.ietf.org/html/rfc9110#section-15.5.6",
    415: "https://tools.ietf.org/html/rfc9110#section-15.5.16",
    429: "https://tools.ietf.org/html/rfc6585#section-4",
    500: "https://tools.ietf.org/html/rfc9110#section-15.6.1",
    503: "https://tools.ietf.org/html/rfc9110#section-15.6.4",
}


class SlidingWindow:
    """At most `max_calls` accepted calls within any `window` seconds (None disables the limit)."""

    def __init__(self, max_calls: int | None, window: float) -> None:
        self.max_calls = max_calls
        self.window = window
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def _purge(self, now: float) -> None:
        while self._calls and self._calls[0] <= now - self.window:
            self._calls.popleft()

    def admit(self, now: float) -> float | None:
        """Count the call and return None, or return the seconds until a call would be admitted
        (the oldest call leaving the window) without counting it."""
        with self._lock:
            self._purge(now)
            if self.max_calls is not None and len(self._calls) >= self.max_calls:
                return self._calls[0] + self.window - now
            self._calls.append(now)
            return None

    def count(self, now: float) -> None:
        """Count a call unconditionally (injected replies count towards the window too)."""
        with self._lock:
            self._purge(now)
            self._calls.append(now)

    def reset(self) -> None:
        with self._lock:
            self._calls.clear()


def retry_after_seconds(wait: float) -> int:
    """Whole seconds, rounded up, never less than 1."""
    return max(1, math.ceil(wait - 1e-9))


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128  # benchmarks open many connections at once


class ImitationServer:
    """Base class: a real HTTP server for one imitated API. Use it as a context manager."""

    #: the path prefix of the API, e.g. "/api/v2"; `url` ends with it
    base_path = ""
    #: recorded requests whose path starts with base_path + this count as data requests
    data_prefix = "/"

    def __init__(
        self,
        max_calls: int | None,
        time_window: float,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        self.max_calls = max_calls
        self.time_window = time_window
        self.requests: list[Recorded] = []
        self.limiter = SlidingWindow(max_calls, time_window)
        self._lock = threading.Lock()
        self._injected: dict[str, deque[Reply]] = {}
        self._connections: set[socket.socket] = set()
        self._httpd = _Server((host, port), self._handler_class())
        self._thread: threading.Thread | None = None

    # ---- public API ---------------------------------------------------------------------------

    @property
    def port(self) -> int:
        return self._httpd.server_address[1]

    @property
    def origin(self) -> str:
        host = self._httpd.server_address[0]
        return f"http://{host}:{self.port}"

    @property
    def url(self) -> str:
        """The base URL clients are configured with (origin + base_path, no trailing slash)."""
        return self.origin + self.base_path

    def inject(self, path_suffix: str, *replies: Reply) -> None:
        """The next requests whose path ends with `path_suffix` get `replies`, in order, before
        any normal handling. Each suffix has its own queue; "" matches every path."""
        with self._lock:
            self._injected.setdefault(path_suffix, deque()).extend(replies)

    def pending_injections(self) -> int:
        with self._lock:
            return sum(len(q) for q in self._injected.values())

    def data_requests(self) -> list[Recorded]:
        prefix = self.base_path + self.data_prefix
        with self._lock:
            return [r for r in self.requests if r.path.startswith(prefix) and self.is_data(r)]

    def is_data(self, recorded: Recorded) -> bool:
        """Subclasses narrow what counts as a data request (the prefix is checked already)."""
        return True

    def reset(self) -> None:
        """Forget recorded requests, queued injections and the rate-limit window."""
        with self._lock:
            self.requests.clear()
            self._injected.clear()
        self.limiter.reset()

    def start(self) -> Self:
        if self._thread is None:
            self._thread = threading.Thread(
                target=self._httpd.serve_forever,
                kwargs={"poll_interval": 0.05},  # shutdown() waits up to one poll
                name=f"{type(self).__name__}:{self.port}",
                daemon=True,
            )
            self._thread.start()
        return self

    def stop(self) -> None:
        if self._thread is not None:
            self._httpd.shutdown()
            self._thread.join(timeout=5)
            self._thread = None
        # Keep-alive connections would otherwise go on being served after the server closed.
        with self._lock:
            connections = list(self._connections)
            self._connections.clear()
        for conn in connections:
            with contextlib.suppress(OSError):
                conn.shutdown(socket.SHUT_RDWR)
        self._httpd.server_close()

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- for subclasses -----------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: bytes,
        target: str,
        headers: dict[str, str],
    ) -> Reply:
        """Answer one admitted request. `path` is percent-decoded and without the query;
        `target` is the raw request target as sent (path and query)."""
        raise NotImplementedError

    def rate_limited(self, retry_after: int) -> Reply:
        return problem(
            429,
            "Too Many Requests",
            f"Rate limit exceeded: at most {self.max_calls} calls per {self.time_window:g} s. "
            f"Retry after {retry_after} s.",
        )

    # ---- plumbing -----------------------------------------------------------------------------

    def _take_injected(self, path: str) -> Reply | None:
        with self._lock:
            for suffix, queue in self._injected.items():
                if queue and path.endswith(suffix):
                    return queue.popleft()
        return None

    def _respond(
        self, method: str, target: str, body: bytes, headers: dict[str, str]
    ) -> tuple[Recorded, Reply]:
        at = time.monotonic()
        parts = urlsplit(target)
        path = unquote(parts.path)
        query = parse_qs(parts.query, keep_blank_values=True)
        reply = self._take_injected(path)
        if reply is not None:
            self.limiter.count(at)
        else:
            wait = self.limiter.admit(at)
            if wait is not None:
                seconds = retry_after_seconds(wait)
                reply = self.rate_limited(seconds)
                reply.headers = {**reply.headers, "Retry-After": str(seconds)}
            else:
                try:
                    reply = self.handle(method, path, query, body, target, headers)
                except Exception as exc:  # a bug in the imitation must not hang the client
                    reply = Reply(
                        500, f"imitation error: {exc!r}".encode(), {"Content-Type": "text/plain"}
                    )
        recorded = Recorded(method, path, query, body, at, reply.status, headers)
        return recorded, reply

    def _record(self, recorded: Recorded) -> None:
        with self._lock:
            self.requests.append(recorded)

    def _handler_class(self) -> type[BaseHTTPRequestHandler]:
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def version_string(self) -> str:
                return "imitation"

            def setup(self) -> None:
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle's algorithm
                # and the client's delayed ACK add ~40 ms to every keep-alive request.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
                with server._lock:
                    server._connections.add(self.connection)

            def finish(self) -> None:
                try:
                    super().finish()
                finally:
                    with server._lock:
                        server._connections.discard(self.connection)

            def _serve(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length) if length else b""
                headers = dict(self.headers.items())
                recorded, reply = server._respond(self.command, self.path, body, headers)
                server._record(recorded)
                if reply.delay:
                    time.sleep(reply.delay)
                if reply.status == 0:
                    self.close_connection = True
                    with contextlib.suppress(OSError):
                        self.connection.shutdown(socket.SHUT_RDWR)
                    return
                try:
                    self.send_response(reply.status)
                    for name, value in reply.headers.items():
                        if name.lower() != "content-length":
                            self.send_header(name, value)
                    self.send_header("Content-Length", str(len(reply.body)))
                    self.end_headers()
                    if self.command != "HEAD":
                        self.wfile.write(reply.body)
                except OSError:  # the client gave up (e.g. timed out during a delay)
                    self.close_connection = True

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = do_HEAD = _serve

            def log_message(self, format: str, *args: Any) -> None:
                pass

        return Handler
