"""Scenario 3: report intake at 100, 1,000 and 5,000 files against a read-only baseline.

Each measurement is a child process (`python -m benchmarks.intake MODE INBOX DB`):
- `intake`: asfetl.reports.intake.intake into a fresh, migrated DuckDB (every check, GX suites,
  supersede bookkeeping, ops.report_files);
- `baseline`: the same files read with no validation (pandas for CSV and JSON, openpyxl for
  XLSX) and inserted into DuckDB in one transaction, as intake loads its accepted files.
Both first take in the same warm-up inbox (one file of each kind) in a scratch database, so
one-off imports and set-up (GX's import and context, paid by the validate step in a real run)
are not counted.
Times are the child's own (the timed section only); peak memory is the whole child's.
"""

import argparse
import io
import json
import shutil
import sys
import time
from pathlib import Path
from typing import Any

from benchmarks.generator import copy_subset, write_reports
from benchmarks.measure import PYTHON, clean_env, median, report, run_measured
from benchmarks.results import Config, Row

SIZES = (100, 1000, 5000)
QUICK_SIZES = (20, 200)
REGION = "00"  # thousands of enterprises only make sense for the whole country
MAX_BYTES = 20 * 1024 * 1024
COLUMNS = 14


def run(config: Config) -> tuple[list[Row], dict[str, Any]]:
    sizes = QUICK_SIZES if config.quick else SIZES
    work = config.workdir / "intake"
    shutil.rmtree(work, ignore_errors=True)
    started = time.perf_counter()
    everything = write_reports(work / "generated", max(sizes), region=REGION)
    warmup = work / "warmup"
    copy_subset(everything[:4], warmup)  # one file of each kind
    generated_s = time.perf_counter() - started
    results: dict[int, dict[str, Any]] = {}
    for size in sizes:
        inbox = work / f"inbox_{size}"
        copy_subset(everything[:size], inbox)
        intake_runs, base_runs = [], []
        for i in range(config.repeats):
            base_runs.append(_child("baseline", inbox, work / f"base_{size}_{i}.duckdb", warmup))
            intake_runs.append(_child("intake", inbox, work / f"in_{size}_{i}.duckdb", warmup))
        results[size] = {
            "intake_s": median([m.reported["seconds"] for m in intake_runs]),
            "baseline_s": median([m.reported["seconds"] for m in base_runs]),
            "intake_peak_mib": max(m.peak_mib for m in intake_runs),
            "baseline_peak_mib": max(m.peak_mib for m in base_runs),
            "intake_runs_s": [m.reported["seconds"] for m in intake_runs],
            "baseline_runs_s": [m.reported["seconds"] for m in base_runs],
            "counts": intake_runs[0].reported["counts"],
            "warmup_s": median([m.reported["warmup_seconds"] for m in intake_runs]),
        }
    rows = []
    for size, r in results.items():
        ratio = r["baseline_s"] / r["intake_s"]  # = intake files/s ÷ baseline files/s
        rows.append(
            Row(f"3 intake {size:,} files", "intake, time", r["intake_s"], "s", r["baseline_s"],
                ratio, "throughput ≥ 0.25× baseline", ratio >= 0.25, r["intake_peak_mib"],
                f"{size / r['intake_s']:.0f} files/s vs {size / r['baseline_s']:.0f}; "
                f"baseline peak {r['baseline_peak_mib']:.0f} MiB")
        )  # fmt: skip
    small, large = min(sizes), max(sizes)
    growth = results[large]["intake_s"] / results[small]["intake_s"]
    limit = 1.1 * large / small  # linear, with 10 % to spare: 55× for 100 → 5,000 files
    rows.append(
        Row("3 intake growth", f"t({large:,}) / t({small:,})", growth, "×", target=f"≤ {limit:g}",
            met=growth <= limit, note=f"{large / small:g}× the files")
    )  # fmt: skip
    peak = results[large]["intake_peak_mib"]
    rows.append(
        Row(f"3 intake {large:,} files", "peak memory", peak, "MiB", target="< 1024 MiB",
            met=peak < 1024, peak_mib=peak)
    )  # fmt: skip
    return rows, {"generated_s": generated_s, "sizes": {str(k): v for k, v in results.items()}}


def _child(mode: str, inbox: Path, db: Path, warmup: Path | None):
    cmd = [PYTHON, "-m", "benchmarks.intake", mode, str(inbox), str(db)]
    if warmup:
        cmd += ["--warmup", str(warmup)]
    measured = run_measured(cmd, env=clean_env(), cwd=db.parent, timeout=1800)
    db.unlink(missing_ok=True)
    return measured


# ---- in the child -----------------------------------------------------------------------------


def _intake(inbox: Path, db: Path, warmup: Path | None) -> dict[str, Any]:
    import duckdb

    from asfetl.reports.intake import intake
    from asfetl.warehouse import database

    started = time.perf_counter()
    if warmup:
        with duckdb.connect(":memory:") as con:
            database.migrate(con)
            intake(con, warmup, region=REGION, run_id="warmup", max_bytes=MAX_BYTES,
                   settle_seconds=0)  # fmt: skip
    warmed = time.perf_counter()
    con = duckdb.connect(str(db))
    database.migrate(con)
    migrated = time.perf_counter()
    result = intake(con, inbox, region=REGION, run_id="bench", max_bytes=MAX_BYTES,
                    settle_seconds=0)  # fmt: skip
    done = time.perf_counter()
    con.close()
    counts = result.counts()
    files = len(_report_files(inbox))
    if counts["accepted"] != files:
        rejected = [d for d in result.decisions if d.decision != "accepted"]
        first = rejected[0].check.findings[:3] if rejected and rejected[0].check else rejected[:1]
        raise SystemExit(f"{counts['accepted']} of {files} files accepted; first: {first}")
    return {"seconds": done - migrated, "warmup_seconds": warmed - started, "counts": counts}


def _read_file(path: Path):
    """A report file's cells as text, with no checking at all."""
    import openpyxl
    import pandas as pd

    if path.suffix == ".xlsx":
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
        rows = list(workbook.worksheets[0].iter_rows(values_only=True))
        workbook.close()
        frame = pd.DataFrame(rows[1:], columns=[str(h) for h in rows[0]])
    elif path.suffix == ".json":
        frame = pd.DataFrame(json.loads(path.read_text(encoding="utf-8")))
    else:
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = raw.decode("cp1252")
        first = text.split("\n", 1)[0]
        frame = pd.read_csv(io.StringIO(text), sep=";" if ";" in first else ",", dtype=str)
    frame = frame.astype("string").iloc[:, :COLUMNS]
    frame.columns = [f"c{i}" for i in range(COLUMNS)]
    return frame.assign(file_name=path.name, row_number=range(2, len(frame) + 2))


def _baseline(inbox: Path, db: Path, warmup: Path | None) -> dict[str, Any]:
    import duckdb

    columns = ", ".join(f"c{i} varchar" for i in range(COLUMNS))
    table = f"create table reports ({columns}, file_name varchar, row_number integer)"
    started = time.perf_counter()
    if warmup:  # the same warm-up as intake gets: first imports and first reads are not timed
        with duckdb.connect(":memory:") as scratch:
            scratch.execute(table)
            _load_plain(scratch, warmup)
    warmed = time.perf_counter()
    con = duckdb.connect(str(db))
    con.execute(table)
    created = time.perf_counter()
    rows = _load_plain(con, inbox)
    done = time.perf_counter()
    con.close()
    return {"seconds": done - created, "warmup_seconds": warmed - started, "counts": {"rows": rows}}


def _report_files(inbox: Path) -> list[Path]:
    """The inbox's report files: not intake's own working folder (`.asfetl-processing`), which
    a previous repeat leaves behind for the next to find."""
    return sorted(p for p in inbox.iterdir() if p.is_file() and not p.name.startswith("."))


def _load_plain(con, inbox: Path) -> int:
    import pandas as pd

    frame = pd.concat([_read_file(path) for path in _report_files(inbox)], ignore_index=True)
    con.execute("insert into reports by name select * from frame")
    return len(frame)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.intake")
    parser.add_argument("mode", choices=("intake", "baseline"))
    parser.add_argument("inbox", type=Path)
    parser.add_argument("db", type=Path)
    parser.add_argument("--warmup", type=Path)
    args = parser.parse_args(argv)
    if args.mode == "intake":
        report(_intake(args.inbox, args.db, args.warmup))
    else:
        report(_baseline(args.inbox, args.db, args.warmup))
    return 0


if __name__ == "__main__":
    sys.exit(main())
