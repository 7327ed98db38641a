"""Scenario 5: the dashboard's queries on the published sample warehouse, p50 and p95.

A child process builds the sample warehouse (run_pipeline, no Prefect), opens the published file
read-only as the dashboard does, and times every query in asfetl.dashboard.queries.QUERIES
100 times (after one untimed run), and load_dashboard_data (everything one page load asks) too.
"""

import argparse
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.measure import PYTHON, clean_env, percentile, report, run_measured
from benchmarks.results import Config, Row

RUNS = 100
QUICK_RUNS = 20
TARGET_MS = 50.0


def run(config: Config) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "dashboard"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    runs = QUICK_RUNS if config.quick else RUNS
    cmd = [PYTHON, "-m", "benchmarks.dashboard", str(work), "--runs", str(runs)]
    measured = run_measured(cmd, env=clean_env(), cwd=work, timeout=900)
    timings: dict[str, list[float]] = measured.reported["timings_ms"]
    rows = []
    for name, ms in timings.items():
        p50, p95 = percentile(ms, 50), percentile(ms, 95)
        rows.append(
            Row("5 dashboard", f"{name}: p95 ({len(ms)} runs)", p95, "ms",
                target=f"p95 < {TARGET_MS:g} ms", met=p95 < TARGET_MS, note=f"p50 {p50:.1f} ms")
        )  # fmt: skip
    details = {
        name: {"p50_ms": percentile(ms, 50), "p95_ms": percentile(ms, 95), "max_ms": max(ms)}
        for name, ms in timings.items()
    }
    return rows, {"runs": runs, "queries": details, "rows": measured.reported["rows"]}


# ---- in the child -----------------------------------------------------------------------------


def _child(folder: Path, runs: int) -> dict[str, Any]:
    try:
        from asfetl.dashboard.queries import QUERIES, load_dashboard_data
    except ImportError as exc:
        raise SystemExit(
            "Scenario 5 needs asfetl.dashboard.queries (QUERIES: dict[str, str] and "
            f"load_dashboard_data(con)), which is not there yet: {exc}"
        ) from None
    from asfetl.operations.pipeline import run_pipeline
    from asfetl.settings import load_settings
    from asfetl.warehouse import database

    settings = load_settings(
        warehouse=folder / "warehouse" / "sample.duckdb",
        inbox=folder / "warehouse" / "inbox",
        lock_timeout=0,
    )
    run_pipeline(settings, sample=True)
    con = database.connect_read_only(settings.warehouse)
    timings: dict[str, list[float]] = {}
    rows: dict[str, int] = {}
    for name, sql in QUERIES.items():
        rows[name] = len(con.execute(sql).fetchall())  # untimed: the first run reads the file
        timings[name] = [_ms(lambda sql=sql: con.execute(sql).fetchall()) for _ in range(runs)]
    load_dashboard_data(con)
    timings["page load (load_dashboard_data)"] = [
        _ms(lambda: load_dashboard_data(con)) for _ in range(runs)
    ]
    con.close()
    return {"timings_ms": timings, "rows": rows}


def _ms(call) -> float:
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.dashboard")
    parser.add_argument("folder", type=Path)
    parser.add_argument("--runs", type=int, default=RUNS)
    args = parser.parse_args(argv)
    report(_child(args.folder, args.runs))
    return 0


if __name__ == "__main__":
    sys.exit(main())
