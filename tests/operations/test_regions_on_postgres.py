"""Several regions on one Prefect server backed by PostgreSQL, with two workers.

What docs/operators.md's "Several regions" commands promise, run for real on 127.0.0.1: PostgreSQL
(Debian's package), `prefect server start` on it, `asfetl deploy --region …` for three regions,
two process workers in working folders of their own, and runs of all three regions at once
against the imitations of SCB and Kolada. Then a run whose process is killed mid-run: its
region's published warehouse is untouched and the next run of that region succeeds.
"""

import itertools
import os
import signal
import time
from datetime import datetime
from pathlib import Path

import duckdb
import pytest
import requests

from asfetl.warehouse.publish import build_path
from tests.background import (
    PREFECT,
    background,
    free_port,
    healthy,
    prefect_env,
    run,
    running,
    start_worker,
    wait_until,
)
from tests.conftest import ASFETL, cli_env
from tests.imitation import KoladaImitation, ScbImitation
from tests.plan.plan_folders import write_plan
from tests.postgres import postgres

BUDGET_SECONDS = 420  # the whole test; about three minutes on 2 cores
REGIONS = {"18": "Örebro län", "12": "Skåne län", "03": "Uppsala län"}
# Skåne's own plan (its folder's plan/): the made-up plan of tests/plan, with targets for Skåne.
SKANE_TARGETS = [
    ["indicator_id", "area_code", "baseline_year", "baseline_value", "target_year",
     "target_value", "note"],
    ["population", "12", "2023", "", "2025", "1500000", "blank baseline: the published 2023"],
    ["population", "1280", "2023", "350000", "2025", "362000", "Malmö"],
]  # fmt: skip
WORKERS = ("worker-a", "worker-b")


def _start_run(api: str, deployment: str) -> str:
    found = requests.get(f"{api}/deployments/name/asf_pipeline/{deployment}", timeout=10)
    found.raise_for_status()
    created = requests.post(
        f"{api}/deployments/{found.json()['id']}/create_flow_run", json={}, timeout=10
    )
    created.raise_for_status()
    return created.json()["id"]


def _flow_run(api: str, run_id: str) -> dict:
    return requests.get(f"{api}/flow_runs/{run_id}", timeout=10).json()


def _finished(api: str, run_id: str) -> dict | None:
    found = _flow_run(api, run_id)
    state = (found.get("state") or {}).get("type")
    return found if state in {"COMPLETED", "FAILED", "CRASHED", "CANCELLED"} else None


def _when(text: str | None) -> datetime | None:
    return datetime.fromisoformat(text) if text else None


def _flow_run_process(run_id: str) -> int | None:
    """The process running flow run `run_id` (the worker's child), found by its environment."""
    for environ in Path("/proc").glob("[0-9]*/environ"):
        try:
            if f"PREFECT__FLOW_RUN_ID={run_id}".encode() in environ.read_bytes().split(b"\0"):
                return int(environ.parent.name)
        except OSError:
            continue
    return None


def _published(warehouse: Path) -> tuple[list[tuple], int]:
    """The region's runs (status, mode) and its published population values."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        runs = con.execute(
            "select run_id, status, started_at, finished_at, region_code from ops.runs "
            "order by started_at"
        ).fetchall()
        values = con.execute(
            "select count(*) from mart.indicator_values where indicator_id = 'population'"
        ).fetchone()[0]
    return runs, values


def _checksum(warehouse: Path) -> tuple:
    with duckdb.connect(str(warehouse), read_only=True) as con:
        return con.execute(
            "select count(*), bit_xor(hash(v)) from mart.indicator_values v"
        ).fetchone()


def _assert_own_plan(warehouse: Path) -> None:
    """Skåne publishes its own plan: its two targets, worked out from its published values."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        targets = con.execute(
            "select indicator_id, area_code, baseline_year, baseline_value, target_year, "
            "target_value, latest_year, latest_value, progress_pct, is_example "
            "from mart.plan_progress order by area_code"
        ).fetchall()
        population = dict(
            con.execute(
                "select area_code || ':' || year, value from mart.indicator_values "
                "where indicator_id = 'population' and status = 'ok'"
            ).fetchall()
        )
        activities = con.execute(
            "select activity_id from mart.plan_activities order by 1"
        ).fetchall()
    assert [t[:3] + t[4:6] + t[9:] for t in targets] == [
        ("population", "12", 2023, 2025, 1_500_000, False),
        ("population", "1280", 2023, 2025, 362_000, False),
    ]
    for _, area, _, baseline, _, target, latest_year, latest, progress, _ in targets:
        expected_baseline = population[f"{area}:2023"] if area == "12" else 350_000
        assert baseline == expected_baseline
        assert latest == population[f"{area}:{latest_year}"]
        assert progress == pytest.approx(100 * (latest - baseline) / (target - baseline))
    assert activities == [("B01",), ("B02",), ("B03",)]


def _assert_example_plan(warehouse: Path) -> None:
    """A region without a plan folder keeps the shipped example, marked as such."""
    with duckdb.connect(str(warehouse), read_only=True) as con:
        marked = con.execute(
            "select bool_and(is_example), count(*) from mart.plan_progress"
        ).fetchone()
    assert marked[0] is True and marked[1] > 0


def test_three_regions_two_workers_on_postgres(tmp_path, capsys):
    started = time.monotonic()
    deadline = started + BUDGET_SECONDS
    api_port = free_port()
    api = f"http://127.0.0.1:{api_port}/api"
    regions_dir = tmp_path / "regions"
    logs = tmp_path / "logs"
    logs.mkdir()
    env = prefect_env(cli_env(), tmp_path / "prefect-home", api)
    with (
        postgres(free_port()) as pg,
        ScbImitation() as scb,
        KoladaImitation() as kolada,
        background(logs) as processes,
    ):
        try:
            server_env = {**env, "PREFECT_API_DATABASE_CONNECTION_URL": pg.prefect_url}
            processes.start(
                "server",
                [*PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(api_port)],
                server_env,
            )
            wait_until(lambda: healthy(api), deadline, "the Prefect server on PostgreSQL")

            write_plan(regions_dir / "12" / "plan", plan_targets=SKANE_TARGETS)
            region_args = [arg for code in REGIONS for arg in ("--region", code)]
            out = run(
                [*ASFETL, "deploy", *region_args, "--regions-dir", str(regions_dir)],
                env,
                deadline,
                logs,
            )
            assert "Registered 9 deployments" in out, out

            worker_env = {
                **env,
                "ASFETL_SCB_BASE_URL": scb.url,
                "ASFETL_KOLADA_BASE_URL": kolada.url,
                "ASFETL_HTTP_GIVE_UP_AFTER": "30",
                "ASFETL_INBOX_SETTLE_SECONDS": "0",
                "PREFECT_WORKER_QUERY_SECONDS": "1",
            }
            for name in WORKERS:
                start_worker(processes, name, tmp_path / name, worker_env, limit=2)

            # Every region at once, and Örebro twice: its second run must wait for its first.
            wanted = [f"open-statistics-{code}" for code in REGIONS] + ["report-inbox-18"]
            run_ids = {name: _start_run(api, name) for name in wanted}
            finished = {
                name: wait_until(
                    lambda run_id=run_id: _finished(api, run_id),
                    deadline,
                    f"{name} to finish",
                    interval=1,
                )
                for name, run_id in run_ids.items()
            }
            states = {name: f["state"]["type"] for name, f in finished.items()}
            assert set(states.values()) == {"COMPLETED"}, (states, processes.tails())

            timeline = sorted(
                (_when(f["start_time"]), _when(f["end_time"]), name, f.get("labels", {}))
                for name, f in finished.items()
            )
            with capsys.disabled():
                print("\nrun timeline (Prefect's start and end of each flow run):")
                for start, end, name, labels in timeline:
                    worker = labels.get("prefect.worker.name", "?")
                    print(f"  {name:22} {start:%H:%M:%S.%f}  {end:%H:%M:%S.%f}  {worker}")

            # Same region: never writing at once. The work queue's limit of 1 is applied by each
            # worker as it takes runs, so two workers polling at the same moment can each take
            # one of a region's runs (seen in this session: Prefect showed them overlapping by
            # 2.7 s and 12.6 s); the writer lock is what keeps them apart, and the warehouse's own
            # journal below shows the second run's work began only after the first had published.
            # (Prefect's start times do not say which of two runs started together took the lock
            # first: in one run the one Prefect started 0.1 s later finished 12 s earlier.)
            # Different regions: both workers took runs, and some runs overlapped in time.
            workers = {f.get("labels", {}).get("prefect.worker.name") for f in finished.values()}
            assert set(WORKERS) <= workers, workers
            spans = [(s, e) for s, e, *_ in timeline]
            assert any(b[0] < a[1] for a, b in itertools.pairwise(spans)), timeline

            for code in REGIONS:
                warehouse = regions_dir / code / "asf.duckdb"
                runs, population = _published(warehouse)
                expected = 2 if code == "18" else 1
                assert [r[1] for r in runs] == ["success"] * expected, (code, runs)
                assert {r[4] for r in runs} == {code}
                assert population > 0
            runs_18, _ = _published(regions_dir / "18" / "asf.duckdb")
            # the warehouse's journal, in the order the runs took the writer lock: the second
            # began its work only after the first had finished publishing
            assert runs_18[1][2] >= runs_18[0][3], runs_18
            _assert_own_plan(regions_dir / "12" / "asf.duckdb")
            _assert_example_plan(regions_dir / "18" / "asf.duckdb")

            # Killed mid-run: Skåne's next run is killed once it is writing its build copy.
            skane = regions_dir / "12" / "asf.duckdb"
            before = _checksum(skane)
            others = {c: _checksum(regions_dir / c / "asf.duckdb") for c in REGIONS if c != "12"}
            killed_id = _start_run(api, "full-refresh-12")
            build = build_path(skane)  # the build copy of the working file
            pid = wait_until(
                lambda: build.exists() and _flow_run_process(killed_id),
                deadline,
                "the Skåne run to write its build copy",
                interval=0.1,
            )
            os.kill(pid, signal.SIGKILL)
            killed = wait_until(lambda: _finished(api, killed_id), deadline, "the kill", 1)
            assert killed["state"]["type"] == "CRASHED", killed["state"]
            assert not running(pid)
            assert _checksum(skane) == before  # the published file is the previous one

            after_id = _start_run(api, "full-refresh-12")
            after = wait_until(lambda: _finished(api, after_id), deadline, "the next run", 1)
            assert after["state"]["type"] == "COMPLETED", processes.tails()
            runs, _ = _published(skane)
            assert [r[1] for r in runs] == ["success", "failed", "success"], runs
            assert not build.exists()
            # The other regions' warehouses never noticed.
            assert {c: _checksum(regions_dir / c / "asf.duckdb") for c in others} == others
            overview = run(
                [*ASFETL, "status", "--regions-dir", str(regions_dir)], env, deadline, logs
            )
            lines = {ln[:2]: ln for ln in overview.splitlines() if ln[:2] in REGIONS}
            assert all("success" in lines[c] and name in lines[c] for c, name in REGIONS.items())

            # The server kept its state in PostgreSQL, not in a SQLite file.
            assert not list((tmp_path / "prefect-home").rglob("*.db")), "SQLite was used"
            counted = run(
                ["psql", "-h", "127.0.0.1", "-p", str(pg.port), "-U", "asfetl", "-At", "-c",
                 "select count(*) from flow_run where start_time is not null", "prefect"],
                env,
                deadline,
                logs,
            )  # fmt: skip
            assert int(counted.strip().splitlines()[-1]) == len(wanted) + 2
        except BaseException:
            print(processes.tails())
            raise
    assert time.monotonic() - started < BUDGET_SECONDS
