"""Publishing: readers are never blocked or shown a half-built warehouse; failures change nothing."""

import hashlib
import json
import os
import signal
import threading
import time

import duckdb
import pytest

from asfetl.errors import WarehouseBusyError
from asfetl.operations import pipeline
from asfetl.indicators import transform
from asfetl.warehouse.publish import WriterLock, build_path
from tests.pipeline_helpers import read_state, revised_sample, snapshot, start_run, working


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_reader_holding_the_file_open_neither_blocks_a_run_nor_sees_it_half_built(
    settings, sample_run, tmp_path
):  # after a sample run
    reader = duckdb.connect(str(settings.warehouse), read_only=True)
    before = read_state(reader)
    assert before[:2] == (1, 154)  # one run; 14 areas (Sweden beside them) × 11 years

    seen, stop = [], threading.Event()

    def keep_reading():
        while not stop.is_set():
            seen.append(read_state(reader))
            time.sleep(0.01)

    thread = threading.Thread(target=keep_reading)
    thread.start()
    # a revision of 3 %: enough to tell the states apart, and Sweden's population (issue 26:
    # 10,587,710 in 2024) stays within the suite's plausible 11 million (× 1.5 would not)
    revised = revised_sample(tmp_path / "rev", 1.03)
    run = start_run(settings.warehouse, sample_dir=revised, before_load_sleep=1.0)
    _out, err = run.communicate(timeout=120)
    stop.set()
    thread.join()
    assert run.returncode == 0, err
    assert len(seen) > 10  # the reader kept reading the whole time the run was building
    assert set(seen) == {before}  # and only ever saw the complete old state
    reader.close()
    after = snapshot(settings.warehouse)  # a new reader sees the complete new state
    values = {
        table: json.loads((revised / "scb" / f"{table}_population.json").read_text())["value"]
        for table in ("TAB638", "TAB5557")
    }
    # TAB638's men and women make its totals; TAB5557's total is its own cell, TotSa, the last
    # of each area's three (men, women, TotSa)
    expected_sum = sum(values["TAB638"]) + sum(values["TAB5557"][2::3])
    assert after == (2, 154, expected_sum)


def test_failed_run_leaves_the_published_file_byte_identical(settings, sample_run, monkeypatch):  # after a sample run
    before = digest(settings.warehouse)

    def fail(*args, **kwargs):
        raise RuntimeError("disk full, say")

    monkeypatch.setattr(transform, "run_models", fail)  # after extract, validate and load
    with pytest.raises(RuntimeError):
        pipeline.run_pipeline(settings, sample=True)
    assert digest(settings.warehouse) == before
    assert not build_path(settings.warehouse).exists()


def test_killed_run_leaves_the_published_file_byte_identical_and_is_marked_failed(
    settings, sample_run, tmp_path
):  # after a sample run
    before = digest(settings.warehouse)
    marker = tmp_path / "loading"
    run = start_run(settings.warehouse, before_load_sleep=60, marker=marker)
    deadline = time.monotonic() + 60
    while not marker.exists() and time.monotonic() < deadline:
        time.sleep(0.05)
    assert marker.exists(), run.stderr.read() if run.poll() is not None else "run never loaded"
    os.kill(run.pid, signal.SIGKILL)
    run.wait(timeout=30)
    assert digest(settings.warehouse) == before
    assert build_path(settings.warehouse).exists()  # the dead run's build copy, never published

    pipeline.run_pipeline(settings, sample=True)  # the next run cleans up and records the dead one
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        statuses = con.execute(
            "select status, error_message from ops.runs order by started_at"
        ).fetchall()
    assert [s for s, _ in statuses] == ["success", "failed", "success"]
    assert "interrupted" in statuses[1][1]
    assert not build_path(settings.warehouse).exists()


def test_two_runs_started_at_once_both_complete_one_after_the_other(settings):
    runs = [start_run(settings.warehouse, before_load_sleep=0.5) for _ in range(2)]
    results = [r.communicate(timeout=180) for r in runs]
    assert [r.returncode for r in runs] == [0, 0], results
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        assert con.execute("select count(*), count(distinct status) from ops.runs").fetchone() == (
            2,
            1,
        )
        assert con.execute("select status from ops.runs limit 1").fetchone() == ("success",)
        assert con.execute("select count(*) from mart.indicator_values").fetchone() == (
            3126 + 207,
        )  # with asf_report_coverage: 13 areas × 3 years; and 2025, due and not reported:
        # 12 ASF indicators × 13 areas = 156 rows, missing; and issue 26's 14 Kolada
        # indicators: 1,791 rows (tests/operations/test_pipeline.py KOLADA_COUNTS); and
        # Sweden beside the county (issue 26): population 11 years + the 18 Kolada indicators
        # 16 × 11 + 2 × 10 = 196 years, 207 rows
        # the runs did not overlap: the second began writing only after the first had published
        (first_end, second_start) = con.execute(
            "select min(finished_at), max(started_at) from ops.runs"
        ).fetchone()
        waits = [
            json.loads(r[0])["lock"]["waited_ms"]
            for r in con.execute("select step_counts from ops.runs").fetchall()
        ]
    with duckdb.connect(working(settings), read_only=True) as con:
        # 14 areas by sex: men and women 2015–2024 (TAB638), men, women and both 2025 (TAB5557)
        assert con.execute("select count(*) from raw.scb_population").fetchone() == (322,)
    assert second_start >= first_end
    assert max(waits) > 0


def test_second_run_stops_with_a_clear_message_when_it_cannot_wait(settings):
    with WriterLock(settings.warehouse, timeout=0, run_id="holder-run"):
        run = start_run(settings.warehouse, lock_timeout=0)
        _out, err = run.communicate(timeout=60)
    assert run.returncode == 3
    assert "Another asfetl run (run holder-run, pid" in err
    assert "Traceback" not in err
    assert not settings.warehouse.exists()


def test_second_run_waits_for_the_lock_and_then_completes(settings):
    with WriterLock(settings.warehouse, timeout=0, run_id="holder-run"):
        run = start_run(settings.warehouse, lock_timeout=60)
        time.sleep(2.0)
        assert run.poll() is None  # still waiting
    _out, err = run.communicate(timeout=120)
    assert run.returncode == 0, err
    assert snapshot(settings.warehouse)[:2] == (1, 154)


def test_lock_in_the_same_process_is_refused_too(settings):
    with WriterLock(settings.warehouse, timeout=0, run_id="a"):
        second = WriterLock(settings.warehouse, timeout=0.3, run_id="b")
        with pytest.raises(WarehouseBusyError, match="run a, pid"):
            second.__enter__()
