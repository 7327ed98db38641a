"""The report inbox: pick up settled files, decide each as a whole, load accepted rows, and —
only after the warehouse is published — move every file to accepted/ or rejected/."""

import errno
import logging
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd

from asfetl.reports import identifiers
from asfetl.reports.checks import FileCheck, check_files, prepare_file
from asfetl.reports.decisions import Decision, IntakeResult
from asfetl.reports.filing import file_away, planned_paths
from asfetl.reports.inbox import (
    left_alone,
    refused_entries,
    safe_name,
    settled,
    settled_files,
    shown_name,
)
from asfetl.reports.kinds import KINDS, ReportKind
from asfetl.reports.limits import Budget
from asfetl.reports.snapshot import (
    Changed,
    Look,
    look,
    processing_folder,
    remove_processing_folder,
    take,
)
from asfetl.reports.suite import TENFOLD_COLUMNS
from asfetl.validation import record_findings
from asfetl.warehouse import database

log = logging.getLogger(__name__)
__all__ = [
    "Decision",
    "IntakeResult",
    "file_away",
    "intake",
    "planned_paths",
    "safe_name",
    "settled_files",
]


def intake(
    con: duckdb.DuckDBPyConnection,
    inbox: Path,
    *,
    region: str,
    run_id: str,
    max_bytes: int,
    settle_seconds: float,
    is_sample: bool = False,
    budget: Budget | None = None,
    plan_dir: Path | None = None,
) -> IntakeResult:
    """Decide every settled file in the inbox and load the accepted ones into raw (in the build).

    Each file is first copied into the inbox's processing folder (snapshot.take) and only that
    copy is read; a file that changes while it is taken or checked waits for the next run. A
    file whose bytes were accepted before is a duplicate at once; the others are checked in
    one batch, and the accepted ones loaded together.
    """
    budget = budget or Budget(max_bytes=max_bytes)
    max_bytes = budget.max_bytes
    result = IntakeResult(inbox=inbox)
    refused = refused_entries(inbox)
    for path, what in refused:
        if what != "hardlink":
            continue  # a regular file also linked elsewhere: rejected unread, its name removed
        log.warning("Inbox entry %s is a file also linked elsewhere: not read", shown_name(path))
        check = FileCheck(path, "", 0, name=safe_name(path.name), findings=[_not_a_file(path)])
        decision = Decision(path, check.name, "rejected", _received(path), check, seen=look(path))
        result.decisions.append(decision)
    result.left_alone = left_alone([(p, w) for p, w in refused if w != "hardlink"], inbox)
    for entry in result.left_alone:  # reported once: the first run that sees it
        (log.warning if entry.new else log.info)("%s", entry.sentence())
    ready, waiting = settled(inbox, settle_seconds)
    for path in waiting:
        result.decisions.append(Decision(path, safe_name(path.name), "deferred", _received(path)))
    processing = processing_folder(inbox) if inbox.is_dir() else None
    try:
        known = _accepted_hashes(con)
        prepared: list[FileCheck] = []
        taken: dict[int, tuple[Path | None, Look]] = {}  # id(check) → (copy, look)
        for number, (path, seen) in enumerate(ready.items(), 1):
            name = safe_name(path.name)
            copy = None
            try:
                if seen.size <= max_bytes:  # read only the run's own copy, never the inbox file
                    copy, sha = take(path, processing, seen, number)
                else:
                    sha = ""  # too large: not read, rejected for its size
                if sha and sha in known:  # the same bytes were accepted before: nothing to do
                    check = FileCheck(path, sha, seen.size, name=name, kind=known[sha])
                    result.decisions.append(Decision(path, name, "duplicate", _received(path), check,
                                                     copy=copy, seen=seen))  # fmt: skip
                    continue
                check = prepare_file(copy or path, max_bytes=max_bytes, display_name=name,
                                     sha256=sha, budget=budget, original_name=path.name)  # fmt: skip
                check.path = path
                taken[id(check)] = (copy, seen)
                prepared.append(check)
            except Changed:
                log.info("%s changed while it was being read; it stays for the next run", name)
                result.decisions.append(Decision(path, name, "deferred", _received(path)))
            except Exception as exc:  # a bug of ours must not bounce the file or stop the others
                if getattr(exc, "errno", None) == errno.ENOSPC:  # no room for the copy: the run
                    raise  # stops, in one sentence, the published warehouse unchanged
                log.exception("Could not check report file %s; it stays in the inbox", name)
                if copy is not None:
                    copy.unlink(missing_ok=True)
                result.decisions.append(Decision(path, name, "deferred", _received(path)))
        check_files(
            prepared,
            region=region,
            previous=lambda orgnrs: previous_figures(con, orgnrs),
            plan_dir=plan_dir,  # the activity ids a follow-up may name
        )
        seen_bytes: set[str] = set()
        decided = []
        for check in prepared:
            copy, seen = taken[id(check)]
            if look(check.path) != seen:  # written to while it was being checked: not complete
                log.info("%s changed while it was being checked; it stays for the next run",
                         check.name)  # fmt: skip
                if copy is not None:
                    copy.unlink(missing_ok=True)
                decided.append(Decision(check.path, check.name, "deferred", _received(check.path)))
                continue
            verdict = "accepted" if check.accepted else "rejected"
            if check.sha256 and check.sha256 in seen_bytes:
                verdict = "duplicate"  # the same bytes twice in this inbox
            seen_bytes.add(check.sha256)
            decided.append(Decision(check.path, check.name, verdict, _received(check.path), check,
                                    copy=copy, seen=seen))  # fmt: skip
        _load(con, [d for d in decided if d.decision == "accepted"], run_id, is_sample)
    except BaseException:  # nothing decided: every file stays in the inbox, no copy beside it
        remove_processing_folder(inbox)
        raise
    result.decisions += decided
    _record(con, result, run_id)
    return result


def _not_a_file(path: Path):
    from asfetl.reports.reader_messages import REASONS, finding

    en, sv = REASONS["not_a_file"]
    return finding(safe_name(path.name), "file_unreadable", reason=en, reason_sv=sv)


def _received(path: Path) -> datetime:
    try:
        arrived = datetime.fromtimestamp(path.lstat().st_mtime, UTC)
    except OSError:
        arrived = datetime.now(UTC)
    return min(arrived, datetime.now(UTC))


def _accepted_hashes(con: duckdb.DuckDBPyConnection) -> dict[str, ReportKind]:
    """The hash of every file accepted before, and which kind of report it was."""
    known = {}
    for kind in KINDS:
        rows = con.execute(f"select distinct file_sha256 from {kind.raw_table}").fetchall()
        known |= {row[0]: kind for row in rows}
    return known


def previous_figures(con: duckdb.DuckDBPyConnection, orgnrs: list[str]) -> pd.DataFrame:
    """The figures that count (superseding: sql/macros/newest_first.sql) of these enterprises,
    per year, for the tenfold warning."""
    columns = ", ".join(TENFOLD_COLUMNS)
    database.define_macros(con)
    return con.execute(
        f"""
        select organisationsnummer, rapportar, {columns} from raw.enterprise_reports
        where list_contains($orgnrs, organisationsnummer)
        qualify newest_first(
            (organisationsnummer, rapportar), received_at, file_name, row_number
        ) = 1
        """,
        {"orgnrs": orgnrs},
    ).df()


def _load(
    con: duckdb.DuckDBPyConnection, accepted: list[Decision], run_id: str, is_sample: bool
) -> None:
    """Load every accepted file's rows, one transaction per report kind, and count for each
    file the reports it supersedes: keys (enterprise and year, activity and year) for which an
    accepted file, loaded before or in this batch, holds a version it supersedes."""
    loaded_at = datetime.now(UTC)
    for kind in KINDS:
        decisions = [d for d in accepted if d.check.kind == kind]
        if not decisions:
            continue
        parts = [d.check.rows[["row_id", *kind.names]] for d in decisions]
        lengths = [len(part) for part in parts]
        frame = pd.concat(parts, ignore_index=True).rename(columns={"row_id": "row_number"})
        frame["file_sha256"] = np.repeat([d.check.sha256 for d in decisions], lengths)
        frame["file_name"] = np.repeat([d.name for d in decisions], lengths)
        frame["received_at"] = pd.DatetimeIndex([d.received_at for d in decisions]).repeat(lengths)
        frame = frame.assign(is_sample=is_sample, run_id=run_id, loaded_at=loaded_at)
        database.replace_rows(con, kind.raw_table, frame, ["file_sha256", "row_number"], ())
        superseding = _superseding(con, kind, [d.check.sha256 for d in decisions])
        for d in decisions:
            d.superseded = superseding.get(d.check.sha256, 0)


def _superseding(con: duckdb.DuckDBPyConnection, kind: ReportKind, files: list[str]) -> dict:
    """For each of these loaded files, how many of its keys have an older version in raw: the
    order of sql/macros/newest_first.sql, the one the models keep the newest version by."""
    key = ", ".join(kind.key)
    database.define_macros(con)
    rows = con.execute(
        f"""
        with versions as (
            select
                file_sha256,
                newest_first(({key}), received_at, file_name, row_number) as place,
                count(*) over (partition by {key}) as versions
            from {kind.raw_table}
            semi join (
                select {key} from {kind.raw_table} where list_contains($files, file_sha256)
            ) as loaded using ({key})
        )
        -- place 1 is the newest version of a key: any place before the last has an older one
        select file_sha256, count(*) from versions
        where list_contains($files, file_sha256) and place < versions
        group by file_sha256
        """,
        {"files": files},
    ).fetchall()
    return dict(rows)


def _record(con: duckdb.DuckDBPyConnection, result: IntakeResult, run_id: str) -> None:
    """Every decision in ops.report_files and every finding in ops.validation_findings."""
    day = datetime.now(UTC).strftime("%Y-%m-%d")
    taken = {row[0] for row in con.execute("select feedback_path from ops.report_files").fetchall()}
    rows = []
    for d in result.decisions:
        d.stored, d.feedback = planned_paths(d, day, taken)
        check = d.check
        rows.append({
            "run_id": run_id, "file_name": d.name, "original_name": identifiers.redact_name(d.original.name),
            "sha256": check.sha256 if check else None,
            "size_bytes": check.size if check else _size(d.original),
            "received_at": d.received_at, "file_format": check.file_format if check else None,
            "decision": d.decision, "report_rows": len(check.rows) if check else 0,
            "errors": len(check.errors) if check else 0,
            "warnings": len(check.warnings) if check else 0, "superseded": d.superseded,
            "stored_path": str(d.stored) if d.stored else None,
            "feedback_path": str(d.feedback) if d.feedback else None,
            "decided_at": datetime.now(UTC),
            "report_kind": check.kind.dataset if check else None,
        })  # fmt: skip
    if rows:
        con.register("decided_files", pd.DataFrame(rows))
        try:
            con.execute("insert into ops.report_files by name select * from decided_files")
        finally:
            con.unregister("decided_files")
    # the file names in the findings are already the stored, safe names
    record_findings(con, [f for d in result.decisions if d.check for f in d.check.findings], run_id)


def _size(path: Path) -> int:
    try:
        return path.lstat().st_size
    except OSError:
        return 0
