"""Scenarios 1 and 2: `asfetl run --sample` and a no-op rerun, against a bare Prefect flow.

Every measured process gets a fresh PREFECT_HOME and no PREFECT_API_URL, so each pays Prefect's
temporary local server start exactly as `asfetl run --sample` does on a new machine; the floor
pays the same. Floor, run and rerun are interleaved, so noise hits all three alike.
"""

import json
import shutil
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
        run_id, status, counts = con.execute(
            "select run_id, status, step_counts from ops.runs order by started_at desc limit 1"
        ).fetchone()
    finally:
        con.close()
    return {"tables": tables, "last_run": {"run_id": run_id, "status": status,
                                           "step_counts": json.loads(counts)}}  # fmt: skip


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


def run(config: Config, *, rerun: bool = True) -> tuple[list[Row], dict[str, Any]]:
    work = config.workdir / "orchestration"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    floor, sample, again, changes = [], [], [], []
    for i in range(config.repeats):
        rep = work / f"rep{i}"
        rep.mkdir()
        floor.append(_measure(FLOOR, rep, {}))
        warehouse = rep / "warehouse" / "sample.duckdb"
        settings = {"ASFETL_WAREHOUSE": str(warehouse), "ASFETL_INBOX": str(rep / "inbox")}
        sample.append(_measure(SAMPLE_RUN, rep, settings))
        if rerun:
            before = snapshot(warehouse)
            again.append(_measure(SAMPLE_RUN, rep, settings))
            changes.append(rewritten(before, snapshot(warehouse)))
    floor_s = median([m.wall_s for m in floor])
    sample_s = median([m.wall_s for m in sample])
    rows = [
        Row("1 orchestration floor", "bare Prefect flow, wall", floor_s, "s",
            peak_mib=max(m.peak_mib for m in floor), note="fresh PREFECT_HOME, local server"),
        Row("1 sample run", "asfetl run --sample, wall", sample_s, "s", floor_s,
            sample_s / floor_s, "≤ 1.5× floor", sample_s / floor_s <= 1.5,
            max(m.peak_mib for m in sample)),
    ]  # fmt: skip
    if rerun:
        again_s = median([m.wall_s for m in again])
        written = max(c["raw_rows_written"] for c in changes)
        raw_changed = sorted({t for c in changes for t in c["raw_tables_changed"]})
        rebuilt = max(c["mart_rows_rebuilt"] for c in changes)
        mart_changed = sorted({t for c in changes for t in c["mart_tables_changed"]})
        rows += [
            Row("2 no-op rerun", "rerun, wall", again_s, "s", floor_s, again_s / floor_s,
                "≤ 1.2× floor", again_s / floor_s <= 1.2, max(m.peak_mib for m in again)),
            Row("2 no-op rerun", "raw rows rewritten", written, "rows", target="0",
                met=written == 0 and not raw_changed,
                note=f"raw tables whose checksum changed: {', '.join(raw_changed) or 'none'}"),
            Row("2 no-op rerun", "mart rows rebuilt", rebuilt, "rows",
                note="content " + ("changed: " + ", ".join(mart_changed) if mart_changed
                                   else "identical") + "; with nothing new only "
                "mart.source_freshness (when each source was last checked) is rebuilt"),
        ]  # fmt: skip
    details = {"floor_s": [m.wall_s for m in floor], "sample_s": [m.wall_s for m in sample],
               "rerun_s": [m.wall_s for m in again], "rerun_changes": changes}  # fmt: skip
    rows[0].note += f"; runs: {', '.join(f'{s:.1f}' for s in details['floor_s'])} s"
    rows[1].note = f"runs: {', '.join(f'{s:.1f}' for s in details['sample_s'])} s"
    if rerun:
        rows[2].note = f"runs: {', '.join(f'{s:.1f}' for s in details['rerun_s'])} s"
    return rows, details


def _measure(cmd: list[str], rep: Path, settings: dict[str, str]):
    env = clean_env(fresh_prefect_home(rep), **settings)
    return run_measured(cmd, env=env, cwd=rep, timeout=600)
