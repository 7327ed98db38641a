"""What makes the portal fit to be exposed: strict headers on every answer, the form's CSRF token,
the per-link rate limit, and request logs that hold neither links nor file contents."""

import hmac
import logging
import re
import threading
import time
from collections import deque
from urllib.parse import urlsplit

from asfetl.portal.links import signature
from asfetl.reports.inbox import printable

log = logging.getLogger("asfetl.portal")

HEADERS = {
    # Scripts and styles only as files from this origin: no inline script, nothing from elsewhere.
    "content-security-policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
    "img-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "same-origin",  # the link is a secret: never sent on to another site
    "cache-control": "no-store",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), payment=()",
}
CSRF_SECONDS = 12 * 3600  # a form may be sent up to 12 hours after it was shown
_TOKEN_IN_PATH = re.compile(r"^/u/[^/]+")


class SecureHeaders:
    """ASGI middleware: the headers above on every response, and one log line per request with
    the link cut out of the path (no query, no body)."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started, status, logged = time.monotonic(), [0], [False]

        def log_once() -> None:
            # the path is the client's text (%0A decodes to a newline): escaped, one line
            if not logged[0]:
                logged[0] = True
                path = printable(_TOKEN_IN_PATH.sub("/u/…", scope.get("path", "")))
                log.info("%s %s %s %.0f ms", scope.get("method"), path, status[0],
                         (time.monotonic() - started) * 1000)  # fmt: skip

        async def send_with_headers(message) -> None:
            if message["type"] == "http.response.start":
                status[0] = message["status"]
                given = {k.lower() for k, _ in message.get("headers", [])}
                extra = [
                    (k.encode(), v.encode()) for k, v in HEADERS.items() if k.encode() not in given
                ]
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            elif message["type"] == "http.response.body" and not message.get("more_body"):
                log_once()  # before the last byte leaves: the line is written when the client has it
            await send(message)

        try:
            await self.app(scope, receive, send_with_headers)
        finally:
            log_once()


def csrf_token(secret: bytes, link_token: str, now: float | None = None) -> str:
    """The form's token: when it was shown, signed together with the link it was shown for."""
    stamp = str(int(time.time() if now is None else now))
    return f"{stamp}.{signature(secret, 'csrf', f'{link_token}|{stamp}'.encode()).hex()}"


def csrf_valid(secret: bytes, link_token: str, given: str | None, now: float | None = None) -> bool:
    stamp, _, sig = (given or "").partition(".")
    if not stamp.isdigit():
        return False
    expected = signature(secret, "csrf", f"{link_token}|{stamp}".encode()).hex()
    age = (time.time() if now is None else now) - int(stamp)
    return hmac.compare_digest(sig, expected) and 0 <= age <= CSRF_SECONDS


def same_origin(headers) -> bool:
    """False for a request a browser says came from another site (Origin, Sec-Fetch-Site)."""
    if headers.get("sec-fetch-site") not in (None, "same-origin", "none"):
        return False
    origin = headers.get("origin")
    return origin is None or urlsplit(origin).netloc == headers.get("host")


class RateLimit:
    """At most `limit` events per key in a sliding `window` of seconds (in this process)."""

    def __init__(self, limit: int, window: float = 3600) -> None:
        self.limit, self.window = limit, window
        self._seen: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def allow(self, key: str, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        with self._lock:
            seen = self._seen.setdefault(key, deque())
            while seen and seen[0] <= now - self.window:
                seen.popleft()
            if len(seen) >= self.limit:
                return False
            seen.append(now)
            return True
