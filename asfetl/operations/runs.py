"""The run journal: a JSON file per run beside the warehouse, imported into ops.runs by each build.

A failed run must leave the published warehouse byte-identical, so its record cannot be written
there; it waits in warehouse/runs/ until the next successful run imports it into ops.runs.
"""

import json
import os
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import duckdb

from asfetl import __version__

FINAL_STATUSES = ("success", "partial", "failed", "cancelled")


def new_run_id() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ") + "-" + secrets.token_hex(3)


@dataclass
class RunRecord:
    run_id: str
    mode: str  # live | sample
    region_code: str
    started_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    finished_at: datetime | None = None
    status: str = "running"
    step_counts: dict[str, dict[str, int]] = field(default_factory=dict)
    error_message: str | None = None
    asfetl_version: str = __version__
    pid: int = field(default_factory=os.getpid)
    summary: str = ""  # markdown for operators (a Prefect artifact); not stored in ops.runs

    def finish(self, status: str, error_message: str | None = None) -> None:
        self.status = status
        self.error_message = error_message
        self.finished_at = datetime.now(UTC)

    def to_json(self) -> dict[str, Any]:
        record = asdict(self)
        for key in ("started_at", "finished_at"):
            record[key] = record[key].isoformat() if record[key] else None
        return record

    @classmethod
    def from_json(cls, record: dict[str, Any]) -> "RunRecord":
        for key in ("started_at", "finished_at"):
            record[key] = datetime.fromisoformat(record[key]) if record[key] else None
        return cls(**record)


def journal_path(runs_dir: Path, run_id: str) -> Path:
    return runs_dir / f"{run_id}.json"


def write_journal(runs_dir: Path, run: RunRecord) -> None:
    runs_dir.mkdir(parents=True, exist_ok=True)
    target = journal_path(runs_dir, run.run_id)
    partial = target.with_suffix(".part")
    partial.write_text(json.dumps(run.to_json(), indent=2), encoding="utf-8")
    partial.replace(target)


def read_journal(runs_dir: Path) -> list[RunRecord]:
    records = []
    for path in sorted(runs_dir.glob("*.json")) if runs_dir.is_dir() else []:
        try:
            records.append(RunRecord.from_json(json.loads(path.read_text(encoding="utf-8"))))
        except (ValueError, TypeError, KeyError):
            continue  # a journal file cut short by a crash says nothing we can trust
    return records


def import_journal(
    con: duckdb.DuckDBPyConnection, runs_dir: Path, current: RunRecord
) -> list[RunRecord]:
    """Upsert every journalled run and `current` into ops.runs; return the journalled ones.

    Called while holding the writer lock, so any other run still marked 'running' has died.
    """
    journalled = [r for r in read_journal(runs_dir) if r.run_id != current.run_id]
    published = _published_run_ids(con, [r.run_id for r in journalled])
    for record in journalled:
        if record.status == "running" and record.run_id not in published:
            record.finish("failed", "the run was interrupted before it finished (process ended)")
    # A run that died after its publish (before it could drop its journal file) is already in
    # ops.runs as it ended: its journal file, still saying 'running', must not overwrite that.
    unpublished = [r for r in journalled if r.run_id not in published]
    for record in [*unpublished, current]:
        con.execute(
            """
            insert or replace into ops.runs
                (run_id, started_at, finished_at, status, mode, region_code, step_counts,
                 error_message, asfetl_version)
            values (?, ?, ?, ?, ?, ?, ?, ?, ?)
            """,
            [
                record.run_id,
                record.started_at,
                record.finished_at,
                record.status,
                record.mode,
                record.region_code,
                json.dumps(record.step_counts),
                record.error_message,
                record.asfetl_version,
            ],
        )
    return journalled


def _published_run_ids(con: duckdb.DuckDBPyConnection, run_ids: list[str]) -> set[str]:
    """Of these runs, those ops.runs (copied from the published warehouse) holds as finished."""
    if not run_ids:
        return set()
    rows = con.execute(
        "select run_id from ops.runs where status <> 'running' and list_contains(?, run_id)",
        [run_ids],
    ).fetchall()
    return {row[0] for row in rows}


def forget(runs_dir: Path, records: list[RunRecord]) -> None:
    """Drop journal files whose runs are now in the published ops.runs."""
    for record in records:
        journal_path(runs_dir, record.run_id).unlink(missing_ok=True)
