"""The operators' webhook (ASFETL_NOTIFY_URL), tested against a local HTTP receiver."""

import json
import logging
import socket
import time
from datetime import UTC, datetime, timedelta

import pytest

from asfetl.errors import SettingsError
from asfetl.operations import notify
from asfetl.operations.freshness import SourceFreshness
from asfetl.settings import load_settings
from tests.http_server import LocalServer, Reply


@pytest.fixture
def receiver():
    with LocalServer() as server:
        server.routes["/hooks/secret-token"] = Reply(200, b"ok", {"Content-Type": "text/plain"})
        yield server


def test_a_failed_run_is_posted_as_json_with_a_readable_text(receiver):
    url = f"{receiver.url}/hooks/secret-token"
    assert notify.run_failed(url, "upbeat-dachshund", "SCB did not answer", warehouse="w.duckdb")
    (seen,) = receiver.seen
    assert seen.method == "POST"
    document = json.loads(seen.body)
    assert document["event"] == "run_failed"
    assert document["text"] == "asfetl run upbeat-dachshund failed: SCB did not answer"
    assert document["warehouse"] == "w.duckdb" and document["error"] == "SCB did not answer"
    assert {"host", "sent_at", "asfetl_version"} <= set(document)


def test_stale_sources_are_listed_in_one_message(receiver):
    now = datetime.now(UTC)
    stale = [
        SourceFreshness("scb", "population", now - timedelta(days=10), 7, 10.0, True),
        SourceFreshness("reports", "inbox", None, 1, None, True),
    ]
    url = f"{receiver.url}/hooks/secret-token"
    assert notify.sources_stale(url, stale, "w.duckdb", run="r1")
    (seen,) = receiver.seen
    document = json.loads(seen.body)
    assert document["event"] == "sources_stale" and document["run"] == "r1"
    assert [s["source"] for s in document["sources"]] == ["scb", "reports"]
    assert "scb/population was last refreshed 10.0 days ago" in document["text"]
    assert "expected every 7 days" in document["text"]
    assert "reports/inbox has never been refreshed" in document["text"]
    assert not notify.sources_stale(url, [], "w.duckdb")  # nothing stale: nothing sent
    assert len(receiver.seen) == 1


def test_no_url_sends_nothing():
    assert not notify.run_failed(None, "r", "boom")


def test_a_receiver_error_is_logged_not_raised(receiver, caplog):
    receiver.routes["/down"] = Reply(500, b"oops")
    with caplog.at_level(logging.WARNING, logger="asfetl.operations.notify"):
        assert not notify.run_failed(f"{receiver.url}/down", "r", "boom")
    assert "answered 500" in caplog.text


def test_an_unreachable_receiver_is_logged_without_its_secret_path(caplog):
    with caplog.at_level(logging.WARNING, logger="asfetl.operations.notify"):
        assert not notify.run_failed("http://127.0.0.1:9/hooks/secret-token", "r", "boom")
    assert "Could not notify http://127.0.0.1:9/" in caplog.text
    assert "secret-token" not in caplog.text


def test_a_receiver_that_never_answers_times_out_quickly(monkeypatch):
    monkeypatch.setattr(notify, "TIMEOUT_SECONDS", 0.5)
    with socket.socket() as silent:  # accepts connections (backlog) but never answers
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        port = silent.getsockname()[1]
        started = time.monotonic()
        assert not notify.run_failed(f"http://127.0.0.1:{port}/hook", "r", "boom")
        assert time.monotonic() - started < 5


def test_the_setting_is_checked_with_one_sentence(monkeypatch):
    monkeypatch.setenv("ASFETL_NOTIFY_URL", "hooks.example.org/x")
    with pytest.raises(SettingsError, match=r"^ASFETL_NOTIFY_URL='hooks.example.org/x' must be an"):
        load_settings()
    monkeypatch.setenv("ASFETL_NOTIFY_URL", "")
    assert load_settings().notify_url is None  # empty: notification off
    monkeypatch.setenv("ASFETL_NOTIFY_URL", "https://hooks.example.org/x")
    assert load_settings().notify_url == "https://hooks.example.org/x"
