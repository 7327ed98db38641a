"""The imitations' shared machinery (rate limit, injected replies, faults) and `python -m tests.imitation`."""

import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from tests.imitation import KoladaImitation, Reply, ScbImitation
from tests.imitation.probe import TIMEOUT, post, problem_of

PROJECT = Path(__file__).resolve().parents[2]  # where `python -m tests.imitation` runs


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


def test_rate_limit_answers_429_with_retry_after_and_rejections_do_not_count() -> None:
    with ScbImitation(max_calls=3, time_window=1) as server:
        config = f"{server.url}/config"
        first = time.monotonic()
        assert [requests.get(config, timeout=TIMEOUT).status_code for _ in range(3)] == [200] * 3
        limited = requests.get(config, timeout=TIMEOUT)
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "1"
        body = problem_of(limited)
        assert body["status"] == 429
        assert requests.get(config, timeout=TIMEOUT).status_code == 429  # not counted either
        time.sleep(max(0.0, first + 1.05 - time.monotonic()))
        # The window slid past the first three calls; the two 429s never entered it.
        assert [requests.get(config, timeout=TIMEOUT).status_code for _ in range(3)] == [200] * 3
        assert requests.get(config, timeout=TIMEOUT).status_code == 429
    assert [r.status for r in server.requests] == [200, 200, 200, 429, 429, 200, 200, 200, 429]


def test_retry_after_is_rounded_up_to_whole_seconds() -> None:
    with ScbImitation(max_calls=1, time_window=2.5) as server:
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok
        limited = requests.get(f"{server.url}/config", timeout=TIMEOUT)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "3"


def test_injected_replies_come_first_in_order_and_are_recorded(scb: ScbImitation) -> None:
    scb.inject(
        "/data",
        Reply(503, b'{"title":"Service Unavailable"}'),
        Reply(429, b"", {"Retry-After": "2"}),
    )
    scb.inject("/config", Reply(500))
    selection = {"Region": ["18"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]}
    statuses = [post(scb, "TAB638", **selection).status_code for _ in range(3)]
    assert statuses == [503, 429, 200]
    assert requests.get(f"{scb.url}/config", timeout=TIMEOUT).status_code == 500
    assert requests.get(f"{scb.url}/config", timeout=TIMEOUT).status_code == 200
    assert [r.status for r in scb.data_requests()] == [503, 429, 200]
    assert [r.status for r in scb.requests] == [503, 429, 200, 500, 200]
    assert all(r.method == "POST" and r.json()["selection"] for r in scb.data_requests())
    assert scb.pending_injections() == 0


def test_injected_replies_count_towards_the_rate_limit() -> None:
    with ScbImitation(max_calls=2, time_window=5) as server:
        server.inject("/config", Reply(503), Reply(200, b"{}"))
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 503
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 200
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 429


def test_reset_forgets_requests_injections_and_the_window() -> None:
    with ScbImitation(max_calls=1, time_window=60) as server:
        server.inject("/data", Reply(503))
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 429
        server.reset()
        assert server.requests == [] and server.pending_injections() == 0
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok


def test_injected_dropped_connection_and_delay() -> None:
    with KoladaImitation(max_calls=None) as server:
        server.inject("/kpi/N01951", Reply(0), Reply(200, b"{}", delay=0.5))
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/kpi/N01951", timeout=TIMEOUT)
        with pytest.raises(requests.Timeout):
            requests.get(f"{server.url}/kpi/N01951", timeout=0.1)
        assert requests.get(f"{server.url}/kpi/N01951", timeout=TIMEOUT).json()["count"] == 1
    assert [r.status for r in server.requests] == [0, 200, 200]


def test_module_serves_both_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.imitation", "--scb-port", "0", "--kolada-port", "0"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        urls = {}
        while len(urls) < 2:
            line = process.stdout.readline()
            assert line, process.stderr.read()
            name, _, url = line.partition(":")
            if url.strip().startswith("http"):
                urls[name.split()[0]] = url.strip()
        assert urls["SCB"].endswith("/api/v2") and urls["Kolada"].endswith("/v3")
        assert requests.get(f"{urls['SCB']}/config", timeout=TIMEOUT).ok
        assert requests.get(f"{urls['Kolada']}/kpi/N01951", timeout=TIMEOUT).ok
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
