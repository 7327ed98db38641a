"""The shared HTTP client: timeouts on every call, a client-side rate limiter, bounded retries.

Retries 429 (honouring Retry-After), 502/503/504, connection errors and timeouts with capped
exponential backoff, and gives up after a bounded time with an error naming what it fetched.
Other statuses (400, 403, 404, …) are returned to the caller, which knows what they mean.
"""

import email.utils
import logging
import random
import threading
import time
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import requests

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
    give_up_after: float = 300.0  # seconds from the first attempt
    base_delay: float = 1.0
    max_delay: float = 60.0

    def backoff(self, attempt: int) -> float:
        """Capped exponential backoff with jitter, so many clients do not retry in step."""
        return min(self.max_delay, self.base_delay * 2**attempt) * random.uniform(0.5, 1.0)


def retry_after_seconds(response: requests.Response) -> float | None:
    """Retry-After as seconds: either a number of seconds or an HTTP date."""
    value = response.headers.get("Retry-After")
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
    """One session with a User-Agent, timeouts, an optional rate limiter and a retry policy."""

    def __init__(
        self,
        limiter: RateLimiter | None = None,
        policy: RetryPolicy | None = None,
        timeout: tuple[float, float] = (10.0, 120.0),
        sleep: Callable[[float], None] = time.sleep,
    ):
        self.limiter = limiter
        self.policy = policy or RetryPolicy()
        self.timeout = timeout
        self._sleep = sleep
        self.session = requests.Session()
        self.session.headers["User-Agent"] = USER_AGENT
        self.calls = 0  # every HTTP request sent, retries included

    @classmethod
    def for_settings(cls, settings: Any, limiter: RateLimiter | None) -> "HttpClient":
        """A client with the timeout and give-up time of the settings (an asfetl Settings)."""
        return cls(
            limiter=limiter,
            policy=RetryPolicy(give_up_after=settings.http_give_up_after),
            timeout=(min(10.0, settings.http_timeout), settings.http_timeout),
        )

    def request(self, method: str, url: str, *, what: str, json: Any = None) -> requests.Response:
        """Send with retries. Returns the first response that is not retryable (check its status)."""
        started = time.monotonic()
        attempt = 0
        while True:
            if self.limiter:
                self.limiter.acquire()
            self.calls += 1
            try:
                response = self.session.request(method, url, json=json, timeout=self.timeout)
            except requests.Timeout:
                reason, delay = "timed out", self.policy.backoff(attempt)
            except requests.ConnectionError:
                reason, delay = "could not connect", self.policy.backoff(attempt)
            else:
                if response.status_code not in RETRY_STATUSES:
                    return response
                reason = problem_title(response)
                delay = retry_after_seconds(response)
                if delay is None:
                    delay = self.policy.backoff(attempt)
            attempt += 1
            elapsed = time.monotonic() - started
            if elapsed + delay > self.policy.give_up_after:
                raise HttpError(
                    f"{what} failed after {attempt} attempts in {elapsed:.0f} s (last: {reason})"
                )
            log.warning("%s: %s; retrying in %.1f s (attempt %d)", what, reason, delay, attempt)
            self._sleep(delay)

    def get_ok(self, url: str, *, what: str) -> requests.Response:
        """GET and insist on success; a client error becomes an HttpError naming `what`."""
        response = self.request("GET", url, what=what)
        if response.status_code >= 400:
            raise HttpError(f"{what} failed ({problem_title(response)})", response.status_code)
        return response
