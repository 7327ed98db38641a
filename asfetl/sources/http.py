"""The shared HTTP client: timeouts on every call, a client-side rate limiter, bounded retries.

Retries are urllib3's `Retry`, mounted on the requests session and configured per class of
failure: 429 (honouring Retry-After), 502/503/504 and read timeouts for up to
ASFETL_HTTP_GIVE_UP_AFTER; a connection that cannot be made (refused, name lookup failed) a few
times within ASFETL_HTTP_CONNECT_GIVE_UP_AFTER. Either way the error names what it fetched.
Other statuses (400, 403, 404, …) are returned to the caller, which knows what they mean.
"""

import email.utils
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from datetime import UTC, datetime
from itertools import takewhile
from typing import Any
from urllib.parse import urlsplit

import requests
from requests.adapters import HTTPAdapter
from urllib3.exceptions import (
    ConnectTimeoutError,
    MaxRetryError,
    NameResolutionError,
    NewConnectionError,
    ReadTimeoutError,
    ResponseError,
)
from urllib3.util.retry import Retry

from asfetl import __version__
from asfetl.errors import AsfetlError

log = logging.getLogger(__name__)

USER_AGENT = f"asfetl/{__version__} (regional ASF indicators; python-requests)"
RETRY_STATUSES = frozenset({429, 502, 503, 504})


class HttpError(AsfetlError):
    """A request that failed for good: a client error, or retries exhausted."""

    def __init__(self, message: str, status: int | None = None):
        super().__init__(message)
        self.status = status


class RateLimiter:
    """At most `max_calls` calls in any `window` seconds (a sliding window; thread-safe).

    The window is kept a little wider than asked: a call is stamped when it leaves, but the
    server counts it when it arrives, and network jitter must not push two calls into one window.
    """

    SAFETY = 0.05  # widen the window by 5 % plus 50 ms

    def __init__(
        self,
        max_calls: int,
        window: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.max_calls, self.window = max_calls, self._widen(window)
        self._clock, self._sleep = clock, sleep
        self._calls: deque[float] = deque()
        self._lock = threading.Lock()

    def configure(self, max_calls: int, window: float) -> None:
        with self._lock:
            self.max_calls, self.window = max(1, max_calls), self._widen(max(0.0, window))

    @classmethod
    def _widen(cls, window: float) -> float:
        return window * (1 + cls.SAFETY) + 0.05 if window > 0 else 0.0

    def acquire(self) -> None:
        while True:
            with self._lock:
                now = self._clock()
                while self._calls and now - self._calls[0] >= self.window:
                    self._calls.popleft()
                if len(self._calls) < self.max_calls:
                    self._calls.append(now)
                    return
                wait = self.window - (now - self._calls[0])
            self._sleep(max(wait, 0.001))


@dataclass(frozen=True)
class RetryPolicy:
    """How long each class of failure is retried.

    Busy or failing servers (429, 502/503/504, a read that timed out) are retried for up to
    `give_up_after` seconds, honouring Retry-After. A connection that cannot be made (refused,
    name lookup failed, connect timed out) means the service is not there at all: it is retried
    at most `connect_retries` times within `connect_give_up_after` seconds, so a run with no
    network says so in seconds, not minutes.
    """

    give_up_after: float = 300.0  # seconds from the first attempt
    base_delay: float = 1.0
    max_delay: float = 60.0
    connect_retries: int = 3
    connect_give_up_after: float = 20.0

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with jitter, so many clients do not retry in step."""
        return min(self.max_delay, self.base_delay * 2**attempt) * random.uniform(0.5, 1.0)

    def budget(self, connecting: bool) -> float:
        if connecting:
            return min(self.connect_give_up_after, self.give_up_after)
        return self.give_up_after


@dataclass
class _Attempts:
    """One request's attempts so far, shared by the Retry objects urllib3 derives from each other."""

    client: "HttpClient"
    what: str
    started: float = field(default_factory=time.monotonic)
    count: int = 1
    last: str = ""
    connecting: bool = False  # the last failure was a connection that could not be made


class _Retry(Retry):
    """urllib3's Retry with asfetl's policy: a time budget per class of failure, asfetl's
    backoff, the client's rate limiter before every retry, and a log line per retry."""

    attempts: _Attempts

    def new(self, **kw: Any) -> "_Retry":
        retry = super().new(**kw)
        retry.attempts = self.attempts
        return retry

    def increment(self, method=None, url=None, response=None, error=None, _pool=None,
                  _stacktrace=None) -> "_Retry":  # fmt: skip
        state, policy = self.attempts, self.attempts.client.policy
        state.connecting = error is not None and self._is_connection_error(error)
        state.last = _reason(error) if error is not None else _status_reason(response)
        retry = super().increment(method, url, response, error, _pool, _stacktrace)
        delay = retry.delay(response)
        if time.monotonic() - state.started + delay > policy.budget(state.connecting):
            raise MaxRetryError(_pool, url, error or ResponseError(state.last))  # type: ignore[arg-type]
        return retry

    def delay(self, response: Any = None) -> float:
        """Seconds before the next attempt: Retry-After if the server sent one, else backoff."""
        if response is not None:
            after = _retry_after(response.headers.get("Retry-After"))
            if after is not None:
                return after
        errors = len(list(takewhile(lambda h: h.redirect_location is None, reversed(self.history))))
        policy = self.attempts.client.policy
        if self.attempts.connecting:  # a service that is not there: try again soon, not often
            return policy.backoff(max(0, errors - 1)) * 2  # 1–2, 2–4, 4–8 s
        return policy.backoff(max(0, errors - 1))

    def sleep(self, response: Any = None) -> None:
        state = self.attempts
        delay = self.delay(response)
        log.warning("%s: %s; retrying in %.1f s (attempt %d)", state.what, state.last, delay,
                    state.count)  # fmt: skip
        time.sleep(delay)  # a signal (SIGTERM) interrupts it: the run stops at once
        client = state.client
        if client.limiter:
            client.limiter.acquire()
        state.count += 1
        client.calls += 1


def _reason(error: BaseException) -> str:
    """What went wrong with a connection, in a few words."""
    if isinstance(error, NameResolutionError):
        host = getattr(error, "_host", None) or getattr(error.conn, "host", "")
        return f"name lookup failed for {host}" if host else "name lookup failed"
    if isinstance(error, NewConnectionError):  # refused, network unreachable, …
        cause = error.__cause__ or error.__context__
        detail = getattr(cause, "strerror", None) or str(error).rsplit(":", 1)[-1].strip()
        return f"could not connect ({str(detail).lower()})"
    if isinstance(error, ConnectTimeoutError):
        return "could not connect (timed out)"
    if isinstance(error, ReadTimeoutError):
        return "timed out waiting for the answer"
    return f"connection failed ({type(error).__name__})"


def _status_reason(response: Any) -> str:
    status = getattr(response, "status", None)
    return f"HTTP {status} {getattr(response, 'reason', '') or ''}".strip()


def _retry_after(value: str | None) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    if not value:
        return None
    try:
        return max(0.0, float(value))
    except ValueError:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        return max(0.0, (when - datetime.now(UTC)).total_seconds())


@dataclass
class RunMemo:
    """What one run has already learnt from the publishers' servers.

    Metadata (a service's limits, a table's description) is fetched once per run and read by
    both the query plan and the contract watch; a host that could not be reached is not tried again in
    the same run (its sources are reported unreachable at once)."""

    responses: dict[tuple[str, str], requests.Response] = field(default_factory=dict)
    unreachable: dict[str, str] = field(default_factory=dict)  # host → why


_RUN_MEMO: ContextVar[RunMemo | None] = ContextVar("asfetl_http_run_memo", default=None)


@contextmanager
def one_run() -> Iterator[RunMemo]:
    """Share metadata and what is unreachable among all HTTP clients until the block ends."""
    memo = RunMemo()
    token = _RUN_MEMO.set(memo)
    try:
        yield memo
    finally:
        _RUN_MEMO.reset(token)


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    return _retry_after(response.headers.get("Retry-After"))


def problem_title(response: requests.Response) -> str:
    """'HTTP 400 Non-existent value: Region' from an application/problem+json body, if any."""
    text = f"HTTP {response.status_code}"
    try:
        body = response.json()
    except ValueError:
        return f"{text} {response.reason or ''}".strip()
    if isinstance(body, dict):
        title = body.get("title") or body.get("error") or body.get("message") or ""
        detail = body.get("detail") or ""
        return f"{text} {title}{': ' + str(detail) if detail else ''}".strip()
    return text


class HttpClient:
    """One session with a User-Agent, timeouts, an optional rate limiter and a retry policy
    (urllib3's Retry, mounted on the session, configured per class of failure)."""

    def __init__(
        self,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        timeout: tuple[float, float] = (10.0, 120.0),
    ):
        self.limiter = limiter
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self._adapter = HTTPAdapter()
        self.session.mount("http://", self._adapter)
        self.session.mount("https://", self._adapter)
        self.calls = 0  # every HTTP request sent, retries included

    @classmethod
    def for_settings(cls, settings: Any, limiter: RateLimiter | None) -> "HttpClient":
        """A client with the timeout and give-up times of the settings (an asfetl Settings)."""
        return cls(
            limiter=limiter,
            policy=RetryPolicy(
                give_up_after=settings.http_give_up_after,
                connect_give_up_after=settings.http_connect_give_up_after,
            ),
            timeout=(min(10.0, settings.http_timeout), settings.http_timeout),
        )

    def _retry(self, what: str) -> _Retry:
        retry = _Retry(
            total=None,
            connect=self.policy.connect_retries,
            read=5,  # a read that timed out; each waited http_timeout already
            status=1000,  # 429 and 5xx: bounded by give_up_after, not by a count
            other=0,
            redirect=5,
            allowed_methods=frozenset({"GET", "POST"}),  # a POST here is a query: safe to repeat
            status_forcelist=RETRY_STATUSES,
            raise_on_status=False,  # the last answer is returned and reported with its words
            respect_retry_after_header=True,
        )
        retry.attempts = _Attempts(self, what)
        return retry

    def request(
        self, method: str, url: str, *, what: str, json: Any = None, once_per_run: bool = False
    ) -> requests.Response:
        """Send with retries. Returns the first response that is not retryable (check its status).

        `once_per_run`: within `one_run()`, a successful answer to the same request is reused."""
        memo = _RUN_MEMO.get()
        key = (method, url)
        if once_per_run and memo is not None and key in memo.responses:
            return memo.responses[key]
        host = urlsplit(url).netloc
        if memo is not None and host in memo.unreachable:
            raise HttpError(f"{what} failed: {host} could not be reached earlier in this run "
                            f"({memo.unreachable[host]})")  # fmt: skip
        if self.limiter:
            self.limiter.acquire()
        self.calls += 1
        retry = self._adapter.max_retries = self._retry(what)
        state = retry.attempts
        try:
            response = self.session.request(method, url, json=json, timeout=self.timeout)
        except requests.RequestException as exc:
            cause = _root(exc)  # the last attempt's error
            state.last = _reason(cause) if cause is not None else (state.last or str(exc))
            connecting = isinstance(cause, ConnectTimeoutError)  # refused and DNS included
            elapsed = time.monotonic() - state.started
            if connecting and memo is not None:
                memo.unreachable[host] = state.last
            raise HttpError(
                f"{what} failed after {state.count} attempts in {elapsed:.0f} s (last: {state.last})"
            ) from None
        if response.status_code in RETRY_STATUSES:  # still busy or failing when time ran out
            elapsed = time.monotonic() - state.started
            raise HttpError(
                f"{what} failed after {state.count} attempts in {elapsed:.0f} s "
                f"(last: {problem_title(response)})",
                response.status_code,
            )
        if once_per_run and memo is not None and response.ok:
            memo.responses[key] = response
        return response

    def get_ok(self, url: str, *, what: str, once_per_run: bool = False) -> requests.Response:
        """GET and insist on success; a client error becomes an HttpError naming `what`."""
        response = self.request("GET", url, what=what, once_per_run=once_per_run)
        if response.status_code >= 400:
            raise HttpError(f"{what} failed ({problem_title(response)})", response.status_code)
        return response


def _root(exc: BaseException) -> BaseException | None:
    """The urllib3 error under a requests exception (the reason of a MaxRetryError)."""
    seen = exc.args[0] if exc.args else None
    if isinstance(seen, MaxRetryError):
        return seen.reason
    return seen if isinstance(seen, BaseException) else None
