"""Scenario 4: the whole country (ASFETL_REGION=00, 2015–this year) against the local imitations.

The pipeline runs without Prefect (asfetl.pipeline.run_pipeline) in a child process; the
imitations run in another (benchmarks.imitations) and count every HTTP call they see. The
fewest calls the published limits allow is worked out here, independently of asfetl: from SCB's
/config (maxDataCells) and table metadata, and from Kolada's list limit (25) and page size (5,000).
The contract watch is on, as in every run: its metadata (SCB's /config and table metadata,
Kolada's KPI metadata) counts once, since the query plan and the watch share one fetch.
A second pass with an SCB cell limit of 1,000 makes the client split its selections.
"""

import argparse
import json
import math
import shutil
import subprocess
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

import requests

from benchmarks.dashboard_page import MAX_BYTES
from benchmarks.measure import PROJECT, PYTHON, clean_env, median, report, run_measured
from benchmarks.results import Config, Row

REGION = "00"
FIRST_YEAR = 2015
KOLADA_MAX_LIST = 25
KOLADA_PER_PAGE = 5000
# Which table serves which years is asfetl's published contract (docs/analysts.md): population to
# 2024 in TAB638, from 2025 in TAB5557; each asked for one contents code and every code of sex
# (Kon: men, women and, where the table has one, both; issue 26), totals for everything else.
SCB_TABLES = {"TAB638": (FIRST_YEAR, 2024), "TAB5557": (2025, 9999)}
SPLIT_MAX_CELLS = 1000


def area_codes() -> list[str]:
    """Every area of the country: Sweden, 21 counties, 290 municipalities (asfetl's areas.csv)."""
    import csv

    with (PROJECT / "asfetl" / "data" / "areas.csv").open(encoding="utf-8", newline="") as f:
        return [row["code"] for row in csv.DictReader(f)]


def kolada_kpis() -> list[str]:
    import csv

    kpis = PROJECT / "asfetl" / "sources" / "kolada" / "kolada_kpis.csv"
    with kpis.open(encoding="utf-8", newline="") as f:
        return sorted(row["kpi_id"] for row in csv.DictReader(f))


def minimum_scb_calls(max_cells: int, cells_per_table: dict[str, int]) -> int:
    """/config once, metadata once per table, and the fewest data calls within max_cells each.

    ceil(cells / max_cells) is a lower bound (a selection is a product of code lists, so the
    true minimum can be higher); a client that meets it cannot do better.
    """
    return 1 + sum(1 + math.ceil(cells / max_cells) for cells in cells_per_table.values())


def minimum_kolada_calls(items_per_url: list[int]) -> int:
    """Every data URL (lists of at most 25) once, plus a page per further 5,000 items."""
    return sum(max(1, math.ceil(items / KOLADA_PER_PAGE)) for items in items_per_url)


def minimum_kolada_metadata_calls(kpis: list[str]) -> int:
    """The contract watch's KPI metadata: one call per list of at most 25 KPIs, once per run."""
    return math.ceil(len(kpis) / KOLADA_MAX_LIST)


def chunks(values: list[str], size: int = KOLADA_MAX_LIST) -> list[list[str]]:
    return [values[i : i + size] for i in range(0, len(values), size)]


def kolada_items_per_url(years: list[int]) -> list[int]:
    """Items Kolada lists for each URL of the fewest (the imitation's published data)."""
    from tests.imitation.kolada_data import has_data

    ids = [code.zfill(4) for code in area_codes()]
    return [
        sum(has_data(k, i, int(y)) for k in kpis for i in id_chunk for y in year_chunk)
        for kpis in chunks(kolada_kpis())
        for id_chunk in chunks(ids)
        for year_chunk in chunks([str(y) for y in years])
    ]


def scb_cells(scb_url: str) -> tuple[int, dict[str, int]]:
    """(maxDataCells, cells per table) read from the imitation as a client would."""
    config = requests.get(f"{scb_url}/config", timeout=30).json()
    regions = set(area_codes())
    cells = {}
    for table, (first, last) in SCB_TABLES.items():
        meta = requests.get(f"{scb_url}/tables/{table}/metadata?lang=sv", timeout=30).json()
        index = meta["dimension"]["Tid"]["category"]["index"]
        years = [y for y in index if y.isdigit() and first <= int(y) <= last]
        region_index = meta["dimension"]["Region"]["category"]["index"]
        sexes = len(meta["dimension"]["Kon"]["category"]["index"])
        if years:
            cells[table] = len(years) * len(regions & set(region_index)) * sexes
    return int(config["maxDataCells"]), cells


class Imitations:
    """benchmarks.imitations as a child process, driven over its stdin."""

    def __init__(self, max_cells: int) -> None:
        self.proc = subprocess.Popen(
            [PYTHON, "-m", "benchmarks.imitations", "--scb-max-cells", str(max_cells)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            env=clean_env(),
            cwd=PROJECT,
        )
        self.urls = self._ask(None)

    def _ask(self, command: str | None) -> dict[str, Any]:
        if command:
            self.proc.stdin.write(command + "\n")
            self.proc.stdin.flush()
        line = self.proc.stdout.readline()
        if not line:
            raise RuntimeError("the imitation servers stopped")
        return json.loads(line)

    def log(self) -> dict[str, list[dict]]:
        return self._ask("log")

    def reset(self) -> None:
        self._ask("reset")

    def close(self) -> None:
        self.proc.stdin.close()
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()

    def __enter__(self) -> "Imitations":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _pass(config: Config, max_cells: int, repeats: int, work: Path) -> dict[str, Any]:
    with Imitations(max_cells) as servers:
        runs, logs = [], []
        for i in range(repeats):
            servers.reset()
            folder = work / f"cells{max_cells}_rep{i}"
            cmd = [PYTHON, "-m", "benchmarks.country", "child", str(folder),
                   servers.urls["scb"], servers.urls["kolada"]]  # fmt: skip
            runs.append(run_measured(cmd, env=clean_env(), cwd=work, timeout=1200))
            logs.append(servers.log())
            shutil.rmtree(folder, ignore_errors=True)
        published_max_cells, cells = scb_cells(servers.urls["scb"])  # after the counted calls
    years = list(range(FIRST_YEAR, date.today().year + 1))
    minimum = {
        "scb": minimum_scb_calls(published_max_cells, cells),
        "kolada": minimum_kolada_calls(kolada_items_per_url(years))
        + minimum_kolada_metadata_calls(kolada_kpis()),
    }
    made = {name: max(len(log[name]) for log in logs) for name in ("scb", "kolada")}
    refused = {name: max(sum(r["status"] == 429 for r in log[name]) for log in logs)
               for name in ("scb", "kolada")}  # fmt: skip
    steps = [m.reported["steps"] for m in runs]
    return {
        "max_cells": published_max_cells,
        "cells_per_table": cells,
        "calls": made,
        "minimum": minimum,
        "rate_limited_429": refused,
        "status": [m.reported["status"] for m in runs],
        "wall_s": median([m.wall_s for m in runs]),
        "pipeline_s": median([m.reported["seconds"] for m in runs]),
        "steps_s": {k: median([s[k] for s in steps]) for k in steps[0]},
        "peak_mib": max(m.peak_mib for m in runs),
        "indicator_values": runs[0].reported["indicator_values"],
        "dashboard_bytes": max(m.reported["dashboard_bytes"] for m in runs),
    }


def run(config: Config) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "country"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    full = _pass(config, 150_000, config.repeats, work)
    split = _pass(config, SPLIT_MAX_CELLS, 1, work)  # calls do not vary between runs
    rows = []
    for label, result in (("", full), (f", cells ≤ {SPLIT_MAX_CELLS:,}", split)):
        for source in ("scb", "kolada"):
            made, least = result["calls"][source], result["minimum"][source]
            rows.append(
                Row(f"4 country{label}", f"{source.upper() if source == 'scb' else 'Kolada'} "
                    "HTTP calls", made, "calls", least, made / least, "= minimum", made == least,
                    note=f"429 answers: {result['rate_limited_429'][source]}")
            )  # fmt: skip
    steps = full["steps_s"]
    rows.append(
        Row("4 country", "transform step", steps["transform_models"], "s",
            peak_mib=full["peak_mib"],
            note=f"{full['indicator_values']:,} indicator values; whole run "
                 f"{full['pipeline_s']:.1f} s (extract {steps['extract']:.1f} s, "
                 f"validate {steps['validate']:.1f} s, publish {steps['publish']:.1f} s)")
    )  # fmt: skip
    size = full["dashboard_bytes"]
    rows.append(
        Row("4 country", "dashboard file size, whole country", size, "bytes",
            target=f"≤ {MAX_BYTES:,} bytes (1.5 MB)", met=size <= MAX_BYTES,
            note="issue 28's budget, as scenario 5 holds the sample's")
    )  # fmt: skip
    return rows, {"full": full, "split": split}


# ---- in the child -----------------------------------------------------------------------------


def _child(folder: Path, scb_url: str, kolada_url: str) -> dict[str, Any]:
    from asfetl.operations.pipeline import run_pipeline
    from asfetl.settings import load_settings

    settings = load_settings(
        warehouse=folder / "warehouse" / "asf.duckdb",
        inbox=folder / "warehouse" / "inbox",
        region=REGION,
        first_year=FIRST_YEAR,
        scb_base_url=scb_url,
        kolada_base_url=kolada_url,
        lock_timeout=0,
        http_give_up_after=120,
    )
    steps: dict[str, float] = {}

    def timed(fn):
        def wrapper(*args, **kwargs):
            started = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                steps[fn.__name__] = steps.get(fn.__name__, 0.0) + time.perf_counter() - started

        return wrapper

    started = time.perf_counter()
    run = run_pipeline(settings, sample=False, step=timed)
    seconds = time.perf_counter() - started
    values = run.step_counts.get("published", {}).get("indicator_values", 0)
    if run.status != "success":
        raise SystemExit(f"the country run ended {run.status}: {run.error_message}")
    dashboard = settings.warehouse_dir / "exports" / "dashboard.html"
    if not dashboard.is_file():  # its failure is only logged by the run: here it is a failure
        raise SystemExit(f"the country run wrote no dashboard at {dashboard}")
    return {"seconds": seconds, "steps": steps, "status": run.status, "indicator_values": values,
            "dashboard_bytes": dashboard.stat().st_size}  # fmt: skip


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.country")
    parser.add_argument("mode", choices=("child",))
    parser.add_argument("folder", type=Path)
    parser.add_argument("scb_url")
    parser.add_argument("kolada_url")
    args = parser.parse_args(argv)
    report(_child(args.folder, args.scb_url, args.kolada_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
