"""`asfetl run` as a person at a terminal meets it (issue 27): the first line at once, a line per
step, refusals before Prefect loads, a busy lock said at once, SIGTERM obeyed within 5 s at any
point, and no network reported within 60 s. Real subprocesses, real servers and closed ports."""

import hashlib
import json
import re
import signal
import socket
import subprocess
import threading
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

import duckdb

from asfetl.warehouse import database
from asfetl.warehouse.publish import WriterLock
from tests.conftest import ASFETL, cli_env
from tests.imitation import KoladaImitation, ScbImitation
from tests.imitation.common import Reply

STEPS = ("extract", "parse", "validate", "load", "watch-sources", "intake-reports", "transform",
         "publish")  # fmt: skip


class Terminal:
    """`asfetl run` in a subprocess; every line of its output with the second it arrived."""

    def __init__(self, args: list[str], cwd: Path, **env: str) -> None:
        self.started = time.monotonic()
        self.proc = subprocess.Popen(
            [*ASFETL, "run", *args], env=cli_env(**env), cwd=cwd, text=True,
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )  # fmt: skip
        self.lines: list[tuple[float, str]] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.proc.stdout is not None
        for line in self.proc.stdout:
            self.lines.append((time.monotonic() - self.started, line.rstrip("\n")))

    def wait_for(self, pattern: str, timeout: float) -> float:
        """Seconds from the start until a line matched `pattern`."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for at, line in list(self.lines):
                if re.search(pattern, line):
                    return at
            if self.proc.poll() is not None and not self._reader.is_alive():
                break
            time.sleep(0.05)
        raise AssertionError(f"no line matching {pattern!r}: {self.text}")

    def end(self, timeout: float) -> int:
        code = self.proc.wait(timeout=timeout)
        self._reader.join(timeout=5)
        return code

    @property
    def text(self) -> str:
        return "\n".join(line for _, line in self.lines)


def closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def empty_warehouse(path: Path, mode: str | None = None) -> Path:
    """A published warehouse with every table and, if `mode` is given, a build_info row."""
    path.parent.mkdir(parents=True, exist_ok=True)
    con = duckdb.connect(str(path))
    database.migrate(con)
    if mode:
        con.execute(
            "insert into mart.build_info values ('earlier', now(), ?, '18', 'Örebro län', 2015, "
            "'0.1.0')",
            [mode],
        )
    con.close()
    return path


def test_first_line_at_once_then_a_line_per_step_and_no_library_chatter(tmp_path, prefect_api):
    warehouse = tmp_path / "sample.duckdb"
    run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(warehouse),
                   PREFECT_API_URL=prefect_api)  # fmt: skip
    assert run.end(timeout=300) == 0, run.text
    first_at, first = run.lines[0]
    assert first_at <= 1.0, run.lines[:2]
    assert first == (
        f"asfetl run: sample data for Örebro län (region 18) into {warehouse}; recorded in its "
        f"ops.runs (journal in {tmp_path / 'runs'}) and in Prefect at {prefect_api}."
    )
    for step in STEPS:
        assert re.search(rf"^\d\d:\d\d:\d\d  {step} +\d+\.\d\d s$", run.text, re.M), step
    order = [next(i for i, (_, line) in enumerate(run.lines) if f"  {s} " in line) for s in STEPS]
    assert order == sorted(order)  # each as it finishes
    assert re.search(r"^Done in \d+\.\d s \(the run's own work: \d+\.\d s\)\.$", run.text, re.M)
    for chatter in ("ephemeral docs site", "Task run", "Flow run", "Starting temporary server"):
        assert chatter not in run.text
    # -v shows them again
    verbose = Terminal(["--sample", "-v"], tmp_path, ASFETL_WAREHOUSE=str(warehouse),
                       PREFECT_API_URL=prefect_api)  # fmt: skip
    assert verbose.end(timeout=300) == 0, verbose.text
    assert "Task run 'publish" in verbose.text and "Finished in state Completed()" in verbose.text


def test_refusals_come_before_prefect_loads(tmp_path):
    # no Prefect anywhere: a run that got as far as Prefect would fail on this address instead
    nowhere = f"http://127.0.0.1:{closed_port()}/api"
    live = empty_warehouse(tmp_path / "live.duckdb", mode="live")
    before = digest(live)
    run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(live), PREFECT_API_URL=nowhere)
    assert run.end(timeout=60) == 1
    refused_at = run.wait_for("holds live data; run the sample pipeline against another", 1)
    assert refused_at - run.lines[0][0] <= 1.0, run.lines  # within a second of the first line
    assert digest(live) == before

    bad_plan = tmp_path / "plan"
    bad_plan.mkdir()
    (bad_plan / "plan_targets.csv").write_text("not,a,plan\n", encoding="utf-8")
    run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(tmp_path / "s.duckdb"),
                   ASFETL_PLAN_DIR=str(bad_plan), PREFECT_API_URL=nowhere)  # fmt: skip
    assert run.end(timeout=60) == 2, run.text
    assert "plan" in run.lines[-1][1].lower() and "Prefect" not in run.lines[-1][1]

    blocked = tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(blocked / "asf.duckdb"),
                   PREFECT_API_URL=nowhere)  # fmt: skip
    assert run.end(timeout=60) in (1, 2), run.text
    assert str(blocked) in run.lines[-1][1]


def test_a_run_waiting_for_the_lock_says_at_once_who_holds_it(tmp_path, prefect_api):
    warehouse = tmp_path / "sample.duckdb"
    with WriterLock(warehouse, 0, "20261207T120000Z-holder", "live"):
        run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(warehouse),
                       ASFETL_LOCK_TIMEOUT="3", PREFECT_API_URL=prefect_api)  # fmt: skip
        said_at = run.wait_for(r"Waiting for another asfetl run", 30)
        assert run.end(timeout=300) == 1
    assert said_at <= 1.5, run.lines[:3]
    waiting = run.lines[1][1]
    assert waiting.startswith(
        "Waiting for another asfetl run (run 20261207T120000Z-holder, live mode, pid "
    ), waiting
    assert waiting.endswith(f"which is writing {warehouse}; waiting up to 3 s more "
                            "(ASFETL_LOCK_TIMEOUT).")  # fmt: skip
    assert "Another asfetl run (run 20261207T120000Z-holder" in run.lines[-1][1]


def test_sigterm_in_a_back_off_sleep_cancels_the_run_within_5_s(tmp_path, prefect_api):
    from prefect.client.orchestration import SyncPrefectClient
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterExpectedStartTime

    warehouse = empty_warehouse(tmp_path / "asf.duckdb", mode="sample")
    before = digest(warehouse)
    began = datetime.now(UTC) - timedelta(seconds=1)  # runs on the session's server from here on
    busy = Reply(503, b'{"title": "Service Unavailable"}', {"Retry-After": "60"})
    with ScbImitation() as scb, KoladaImitation() as kolada:
        scb.inject("", *[busy] * 10)
        run = Terminal([], tmp_path, ASFETL_WAREHOUSE=str(warehouse), ASFETL_SCB_BASE_URL=scb.url,
                       ASFETL_KOLADA_BASE_URL=kolada.url, PREFECT_API_URL=prefect_api)  # fmt: skip
        run.wait_for(r"HTTP 503 .*retrying in 60\.0 s", 120)
        time.sleep(1)  # well inside the sleep
        sent = time.monotonic()
        run.proc.send_signal(signal.SIGTERM)
        code = run.end(timeout=30)
        took = time.monotonic() - sent
    assert code == 143 and took <= 5, (took, run.text)
    assert run.lines[-1][1] == "asfetl: stopped (SIGTERM); the published warehouse is unchanged."
    assert digest(warehouse) == before
    (journal,) = (tmp_path / "runs").glob("*.json")
    record = json.loads(journal.read_text(encoding="utf-8"))
    assert record["status"] == "cancelled" and record["finished_at"]
    since = FlowRunFilter(expected_start_time=FlowRunFilterExpectedStartTime(after_=began))
    with SyncPrefectClient(prefect_api) as client:
        runs = client.read_flow_runs(flow_run_filter=since)
    # this test's run only, by its warehouse: other tests' runs on the same server (the
    # session's, which every worker uses) started in the same minute have the same name
    ours = [(r.name, r.state.type.value) for r in runs
            if r.state and str(warehouse) in json.dumps(r.parameters, default=str)]  # fmt: skip
    assert [state for _, state in ours] == ["CANCELLED"], ours


def test_sigterm_while_starting_ends_it_within_5_s(tmp_path, prefect_api):
    run = Terminal(["--sample"], tmp_path, ASFETL_WAREHOUSE=str(tmp_path / "s.duckdb"),
                   PREFECT_API_URL=prefect_api)  # fmt: skip
    run.wait_for("^asfetl run: sample data", 30)  # Prefect is loading now
    sent = time.monotonic()
    run.proc.send_signal(signal.SIGTERM)
    code = run.end(timeout=30)
    assert code in (143, -signal.SIGTERM) and time.monotonic() - sent <= 5, run.text
    assert not (tmp_path / "s.duckdb").exists()


def test_with_nothing_answering_a_live_run_ends_within_60_s_with_its_sentence(tmp_path,
                                                                              prefect_api):  # fmt: skip
    # default retry settings: a refused connection is retried for at most 20 s per address
    run = Terminal([], tmp_path, ASFETL_WAREHOUSE=str(tmp_path / "asf.duckdb"),
                   ASFETL_SCB_BASE_URL=f"http://127.0.0.1:{closed_port()}/api/v2",
                   ASFETL_KOLADA_BASE_URL=f"http://127.0.0.1:{closed_port()}/v3",
                   PREFECT_API_URL=prefect_api)  # fmt: skip
    assert run.end(timeout=120) == 1
    ended = time.monotonic() - run.started
    assert ended <= 60, run.text
    last = run.lines[-1][1]
    assert re.fullmatch(
        r"asfetl: SCB population could not be fetched from \S+: SCB /config failed after [234] "
        r"attempts in \d+ s \(last: could not connect \(connection refused\)\); check "
        r"ASFETL_SCB_BASE_URL and the network, or run with --sample\. Kolada KPI values could "
        r"not be fetched from \S+: .* failed after [234] attempts in \d+ s \(last: could not "
        r"connect \(connection refused\)\); check ASFETL_KOLADA_BASE_URL and the network, or run "
        r"with --sample\.",
        last,
    ), last
    assert "Traceback" not in run.text
    assert "urllib3" not in run.text  # asfetl's own line per retry, not urllib3's as well
    assert re.search(
        r"SCB /config: could not connect \(connection refused\); retrying in", run.text
    )
