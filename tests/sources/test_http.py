"""The shared HTTP client against a real local server: limits, retries, Retry-After, give-up."""

import json
import time

import pytest
import requests

from asfetl.sources.http import HttpClient, HttpError, RateLimiter, RetryPolicy, retry_after_seconds
from tests.http_server import LocalServer, Reply

OK = Reply(200, b'{"ok": true}')


def problem(status: int, title: str, headers: dict | None = None) -> Reply:
    body = json.dumps({"type": "about:blank", "title": title, "status": status}).encode()
    return Reply(status, body, {"Content-Type": "application/problem+json", **(headers or {})})


def test_rate_limiter_never_allows_more_than_max_calls_in_any_window():
    limiter = RateLimiter(max_calls=3, window=0.5)
    stamps = []
    for _ in range(7):
        limiter.acquire()
        stamps.append(time.monotonic())
    for i in range(len(stamps) - 3):
        assert stamps[i + 3] - stamps[i] >= 0.5 - 1e-3  # the 4th call waits for the 1st to age out
    assert stamps[-1] - stamps[0] >= 1.0


def test_retry_after_honoured_on_429_then_success():
    with LocalServer() as server:
        server.routes["/x"] = [problem(429, "Too Many Requests", {"Retry-After": "1"}), OK]
        client = HttpClient()
        started = time.monotonic()
        response = client.request("GET", f"{server.url}/x", what="test x")
        waited = time.monotonic() - started
    assert response.status_code == 200
    assert len(server.seen) == 2 and client.calls == 2
    assert waited >= 1.0


def test_503_and_connection_errors_are_retried_with_backoff():
    with LocalServer() as server:
        server.routes["/x"] = [problem(503, "Service Unavailable"), problem(503, "Again"), OK]
        client = HttpClient(policy=RetryPolicy(base_delay=0.05, max_delay=0.2))
        assert client.request("GET", f"{server.url}/x", what="x").status_code == 200
    assert len(server.seen) == 3
    client = HttpClient(policy=RetryPolicy(give_up_after=0.5, base_delay=0.05, max_delay=0.1))
    with pytest.raises(
        HttpError, match=r"^thing at port 9 failed after \d+ attempts .*could not connect"
    ):
        client.request("GET", "http://127.0.0.1:9/", what="thing at port 9")
    assert client.calls > 2


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_are_never_retried(status):
    with LocalServer() as server:
        server.routes["/x"] = problem(status, "Nope")
        client = HttpClient(policy=RetryPolicy(base_delay=0.01))
        response = client.request("GET", f"{server.url}/x", what="x")
        assert response.status_code == status
        with pytest.raises(HttpError, match=f"x failed \\(HTTP {status} Nope\\)"):
            client.get_ok(f"{server.url}/x", what="x")
    assert len(server.seen) == 2  # one call each, no retries


def test_gives_up_when_retry_after_exceeds_the_time_left():
    with LocalServer() as server:
        server.routes["/x"] = problem(429, "Too Many Requests", {"Retry-After": "3600"})
        client = HttpClient(policy=RetryPolicy(give_up_after=30))
        started = time.monotonic()
        with pytest.raises(HttpError, match="SCB table TAB1 failed after 1 attempts"):
            client.request("GET", f"{server.url}/x", what="SCB table TAB1")
    assert time.monotonic() - started < 5  # did not sleep an hour first


def test_every_call_has_a_timeout():
    client = HttpClient(timeout=(0.5, 0.5), policy=RetryPolicy(give_up_after=0.1))
    # a socket that accepts but never answers
    import socket

    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(1)
    try:
        started = time.monotonic()
        with pytest.raises(HttpError, match="timed out"):
            client.request("GET", f"http://127.0.0.1:{listener.getsockname()[1]}/", what="silent")
        assert time.monotonic() - started < 5
    finally:
        listener.close()


def test_retry_after_as_http_date():
    response = requests.Response()
    response.headers["Retry-After"] = "Wed, 21 Oct 2015 07:28:00 GMT"
    assert retry_after_seconds(response) == 0.0  # a date in the past: retry now


def closed_port() -> int:
    """A port nothing listens on: bound once by the kernel's choice, then closed (refuses)."""
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_a_refused_connection_is_retried_a_few_times_within_its_own_short_budget():
    # the long budget (429, 5xx) is 300 s; a service that is not there is given 3 s here
    client = HttpClient(policy=RetryPolicy(give_up_after=300, connect_give_up_after=3))
    started = time.monotonic()
    with pytest.raises(HttpError, match=r"could not connect \(connection refused\)") as error:
        client.request("GET", f"http://127.0.0.1:{closed_port()}/x", what="nothing there")
    assert time.monotonic() - started < 4
    assert 2 <= client.calls <= 4  # the first attempt and at most connect_retries (3) more
    assert f"after {client.calls} attempts" in str(error.value)


def test_the_default_connection_budget_reports_unreachable_within_30_s():
    client = HttpClient()  # defaults: 3 retries within 20 s
    started = time.monotonic()
    with pytest.raises(HttpError, match="could not connect"):
        client.request("GET", f"http://127.0.0.1:{closed_port()}/x", what="nothing there")
    assert time.monotonic() - started < 30
    assert client.calls == 4


def test_server_errors_keep_the_longer_policy_when_connections_give_up_fast():
    with LocalServer() as server:
        server.routes["/x"] = [problem(503, "Busy"), problem(502, "Busy"), OK]
        client = HttpClient(policy=RetryPolicy(give_up_after=30, connect_give_up_after=0.01))
        assert client.request("GET", f"{server.url}/x", what="x").status_code == 200
    assert len(server.seen) == 3 == client.calls


def test_in_one_run_metadata_is_fetched_once_and_an_unreachable_host_is_not_tried_again():
    from asfetl.sources.http import one_run

    with LocalServer() as server:
        server.routes["/config"] = OK
        first, second = HttpClient(), HttpClient()  # e.g. the query plan's and the watch's
        with one_run():
            a = first.get_ok(f"{server.url}/config", what="config", once_per_run=True)
            b = second.get_ok(f"{server.url}/config", what="config", once_per_run=True)
        c = second.get_ok(f"{server.url}/config", what="config", once_per_run=True)  # a new run
    assert a is b and c is not a
    assert len(server.seen) == 2

    port = closed_port()
    client = HttpClient(policy=RetryPolicy(connect_give_up_after=1))
    with one_run():
        with pytest.raises(HttpError, match="could not connect"):
            client.request("GET", f"http://127.0.0.1:{port}/data", what="data")
        calls = client.calls
        started = time.monotonic()
        with pytest.raises(HttpError, match="could not be reached earlier in this run"):
            client.request("GET", f"http://127.0.0.1:{port}/metadata", what="metadata")
    assert client.calls == calls and time.monotonic() - started < 0.5


def test_a_failed_name_lookup_is_a_connection_that_cannot_be_made():
    # Built, not provoked: a real lookup would ask the network's resolver, and tests stay local.
    import socket

    from urllib3.connection import HTTPConnection
    from urllib3.exceptions import NameResolutionError

    from asfetl.sources.http import _reason, _Retry

    error = NameResolutionError(
        "api.example.invalid", HTTPConnection("api.example.invalid"), socket.gaierror(-2, "")
    )
    assert _reason(error) == "name lookup failed for api.example.invalid"
    assert _Retry()._is_connection_error(error)  # counted and budgeted as connect errors
