"""Scenarios 1 and 2: `asfetl run --sample` by hand and a no-op rerun, against a bare Prefect flow.

Each repetition gets a fresh PREFECT_HOME and no PREFECT_API_URL, as a new machine has:
- the floor: a bare flow, paying Prefect's temporary server start and stop (as before);
- the first hand run: `asfetl run --sample`, which starts the local server hand runs share;
- a hand run into a new warehouse, and a no-op rerun, both reusing that server (the documented
  default set-up); beside them the bare flow on the same server, the floor of a warm run.
Each hand run is compared with its own work (ops.runs finished_at − started_at: from taking the
lock to publishing) and its first line is timed. The shared server is stopped after each
repetition. All are interleaved, so noise hits them alike.
"""

import json
import os
import shutil
import signal
import time
from pathlib import Path
from typing import Any

import duckdb

from asfetl.warehouse.publish import working_path
from benchmarks.measure import PYTHON, clean_env, fresh_prefect_home, median, run_measured
from benchmarks.results import Config, Row

RAW_DATA_TABLES = ("raw.scb_population", "raw.kolada_kpi_values", "raw.enterprise_reports")
MART_TABLES = ("mart.indicator_values", "mart.enterprises", "mart.value_lineage")
SAMPLE_RUN = [PYTHON, "-m", "asfetl.cli", "run", "--sample"]
FLOOR = [PYTHON, "-m", "benchmarks.bare_flow"]


def snapshot(warehouse: Path) -> dict[str, Any]:
    """Row counts and order-independent checksums: the marts and runs from the published file,
    the raw tables from the private working file beside it."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        working = str(working_path(warehouse)).replace("'", "''")
        con.execute(f"attach '{working}' as working (read_only)")
        tables = {}
        for table in (*RAW_DATA_TABLES, *MART_TABLES, "raw.revisions", "raw.payloads"):
            where = f"working.{table}" if table.startswith("raw.") else table
            count, checksum = con.execute(
                f"select count(*), coalesce(bit_xor(hash(t)), 0) from {where} t"
            ).fetchone()
            tables[table] = {"rows": count, "checksum": str(checksum)}
        run_id, status, counts, own = con.execute(
            "select run_id, status, step_counts, "
            "epoch(finished_at) - epoch(started_at) from ops.runs order by started_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    return {"tables": tables, "last_run": {"run_id": run_id, "status": status,
                                           "step_counts": json.loads(counts),
                                           "own_work_s": own}}  # fmt: skip


def rewritten(before: dict[str, Any], after: dict[str, Any]) -> dict[str, Any]:
    """What the rerun changed, from the warehouse itself."""
    steps = after["last_run"]["step_counts"]
    loaded = sum(steps.get("load", {}).values())
    reports = steps.get("reports", {}).get("rows", 0)
    changed_raw = [
        t for t in RAW_DATA_TABLES if before["tables"][t] != after["tables"][t]
    ]  # a rewritten row gets a new loaded_at, so its checksum changes even with equal values
    changed_mart = [t for t in MART_TABLES if before["tables"][t] != after["tables"][t]]
    rebuilt = sum(v for k, v in steps.get("transform", {}).items() if k.startswith("mart."))
    revisions = after["tables"]["raw.revisions"]["rows"] - before["tables"]["raw.revisions"]["rows"]
    payloads = after["tables"]["raw.payloads"]["rows"] - before["tables"]["raw.payloads"]["rows"]
    return {
        "raw_rows_written": loaded + reports,
        "raw_tables_changed": changed_raw,
        "revisions_added": revisions,
        "payload_records_added": payloads,
        "unchanged_payloads": steps.get("extract", {}).get("unchanged", 0),
        "payloads": steps.get("extract", {}).get("payloads", 0),
        "mart_rows_rebuilt": rebuilt,
        "mart_tables_changed": changed_mart,
        "status": after["last_run"]["status"],
    }


FIRST_LINE_BUDGET = 1.0  # seconds
OWN_WORK_BUDGET = 3.0  # × the run's own work


def run(config: Config, *, rerun: bool = True) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "orchestration"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    floor, sample, hand, warm_floor, again, changes = [], [], [], [], [], []
    own: dict[str, list[float]] = {"sample": [], "hand": [], "rerun": []}
    for i in range(config.repeats):
        rep = work / f"rep{i}"
        rep.mkdir()
        floor.append(_measure(FLOOR, rep, {}, fresh_prefect_home(rep)))
        home = fresh_prefect_home(rep)  # the hand runs' own, shared by the runs below
        try:
            warehouse = rep / "warehouse" / "sample.duckdb"
            settings = {"ASFETL_WAREHOUSE": str(warehouse), "ASFETL_INBOX": str(rep / "inbox")}
            sample.append(_measure(SAMPLE_RUN, rep, settings, home))  # starts the server
            own["sample"].append(snapshot(warehouse)["last_run"]["own_work_s"])
            other = rep / "warehouse" / "hand.duckdb"
            hand.append(
                _measure(
                    SAMPLE_RUN,
                    rep,
                    {"ASFETL_WAREHOUSE": str(other), "ASFETL_INBOX": str(rep / "inbox2")},
                    home,
                )
            )
            own["hand"].append(snapshot(other)["last_run"]["own_work_s"])
            warm_floor.append(_measure(FLOOR, rep, {"PREFECT_API_URL": _api(home)}, home))
            if rerun:
                before = snapshot(warehouse)
                again.append(_measure(SAMPLE_RUN, rep, settings, home))
                after = snapshot(warehouse)
                changes.append(rewritten(before, after))
                own["rerun"].append(after["last_run"]["own_work_s"])
        finally:
            _stop_shared_server(home)
    floor_s = median([m.wall_s for m in floor])
    sample_s = median([m.wall_s for m in sample])
    hand_ratios = [m.wall_s / w for m, w in zip(hand, own["hand"], strict=True)]
    hand_s, hand_own = median([m.wall_s for m in hand]), median(own["hand"])
    warm_floor_s = median([m.wall_s for m in warm_floor])
    first = [m.first_line_s for m in [*sample, *hand, *again] if m.first_line_s is not None]
    rows = [
        Row("1 orchestration floor", "bare Prefect flow, wall", floor_s, "s",
            peak_mib=max(m.peak_mib for m in floor),
            note="fresh PREFECT_HOME, Prefect's temporary server"),
        Row("1 sample run", "first asfetl run --sample, wall", sample_s, "s", floor_s,
            sample_s / floor_s, "≤ 1.5× floor", sample_s / floor_s <= 1.5,
            max(m.peak_mib for m in sample)),
        Row("1 hand run", "asfetl run --sample, server running, wall", hand_s, "s", hand_own,
            median(hand_ratios), f"≤ {OWN_WORK_BUDGET:g}× own work",
            median(hand_ratios) <= OWN_WORK_BUDGET, max(m.peak_mib for m in hand)),
        Row("1 hand run", "bare Prefect flow, server running (floor)", warm_floor_s, "s",
            peak_mib=max(m.peak_mib for m in warm_floor),
            note="the least a warm run can cost: Python, Prefect, one flow run"),
        Row("1 hand run", "first line", median(first), "s", target=f"≤ {FIRST_LINE_BUDGET:g} s",
            met=max(first) <= FIRST_LINE_BUDGET,
            note=f"slowest of {len(first)}: {max(first):.2f} s"),
    ]  # fmt: skip
    if rerun:
        again_s = median([m.wall_s for m in again])
        written = max(c["raw_rows_written"] for c in changes)
        raw_changed = sorted({t for c in changes for t in c["raw_tables_changed"]})
        rebuilt = max(c["mart_rows_rebuilt"] for c in changes)
        mart_changed = sorted({t for c in changes for t in c["mart_tables_changed"]})
        rows += [
            Row("2 no-op rerun", "rerun, wall", again_s, "s", floor_s, again_s / floor_s,
                "≤ 1.2× floor", again_s / floor_s <= 1.2, max(m.peak_mib for m in again),
                note=f"own work {median(own['rerun']):.2f} s"),
            Row("2 no-op rerun", "raw rows rewritten", written, "rows", target="0",
                met=written == 0 and not raw_changed,
                note=f"raw tables whose checksum changed: {', '.join(raw_changed) or 'none'}"),
            Row("2 no-op rerun", "mart rows rebuilt", rebuilt, "rows",
                note="content " + ("changed: " + ", ".join(mart_changed) if mart_changed
                                   else "identical") + "; with nothing new only "
                "mart.source_freshness (when each source was last checked) is rebuilt"),
        ]  # fmt: skip
    details = {"floor_s": [m.wall_s for m in floor], "sample_s": [m.wall_s for m in sample],
               "hand_s": [m.wall_s for m in hand], "warm_floor_s": [m.wall_s for m in warm_floor],
               "rerun_s": [m.wall_s for m in again], "own_work_s": own,
               "first_line_s": first, "rerun_changes": changes}  # fmt: skip
    rows[0].note += f"; runs: {', '.join(f'{s:.1f}' for s in details['floor_s'])} s"
    rows[1].note = (f"starts the shared server; runs: "
                    f"{', '.join(f'{s:.1f}' for s in details['sample_s'])} s")  # fmt: skip
    rows[2].note = (f"own work {hand_own:.2f} s; runs: "
                    f"{', '.join(f'{s:.1f}' for s in details['hand_s'])} s")  # fmt: skip
    if rerun:
        rows[5].note += f"; runs: {', '.join(f'{s:.1f}' for s in details['rerun_s'])} s"
    return rows, details


def _measure(cmd: list[str], rep: Path, settings: dict[str, str], home: Path):
    env = clean_env(home, **settings)
    return run_measured(cmd, env=env, cwd=rep, timeout=600)


def _api(home: Path) -> str:
    return json.loads((home / "asfetl-server.json").read_text(encoding="utf-8"))["api"]


def _stop_shared_server(home: Path) -> None:
    """Stop the server the hand runs of `home` shared (it would stop itself when idle)."""
    try:
        pid = json.loads((home / "asfetl-server.json").read_text(encoding="utf-8"))["pid"]
    except (OSError, ValueError, KeyError):
        return
    try:
        os.kill(pid, signal.SIGTERM)
        for _ in range(100):
            os.kill(pid, 0)
            time.sleep(0.1)
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
