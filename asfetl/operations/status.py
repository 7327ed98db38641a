"""`asfetl status` read from the published warehouse: runs, sources, findings, freshness."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from asfetl.indicators.reading import BuildInfo, build_info
from asfetl.operations import contracts, runs
from asfetl.operations.attention import Attention, needs_a_person
from asfetl.operations.freshness import SourceFreshness, source_freshness
from asfetl.reports.inbox import IGNORED, kind_of
from asfetl.settings import Settings
from asfetl.warehouse.database import connect_read_only


@dataclass(frozen=True)
class Status:
    info: BuildInfo | None
    runs: pd.DataFrame  # newest first, including runs journalled since the last publish
    sources: pd.DataFrame  # per dataset: requests of its latest check, refreshed, changed, state
    findings: pd.DataFrame  # open findings: those of each dataset's latest changed payload
    freshness: list[SourceFreshness]  # per source: last refresh against its cadence
    contract: pd.DataFrame = field(default_factory=pd.DataFrame)  # the latest contract findings
    calendar: pd.DataFrame = field(default_factory=pd.DataFrame)  # publishers' planned dates
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # definitions changed lately
    reporting_years: pd.DataFrame = field(default_factory=pd.DataFrame)  # mart.reporting_years
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)  # files the last intake refused
    inbox: "InboxWaiting | None" = None  # files waiting for the next run
    attention: list[Attention] = field(default_factory=list)  # what needs a person (--check)

    @property
    def stale(self) -> list[SourceFreshness]:
        return [f for f in self.freshness if f.stale]


@dataclass(frozen=True)
class InboxWaiting:
    """Files in the inbox the next run takes in: how many, how many from the portal, the oldest."""

    files: int
    from_portal: int
    oldest: datetime | None


def inbox_waiting(inbox: Path) -> InboxWaiting:
    """The report files waiting in the inbox (hidden, partial and portal-in-progress names aside)."""
    if not inbox.is_dir():
        return InboxWaiting(0, 0, None)
    files = [p for p in inbox.iterdir() if not IGNORED.search(p.name) and kind_of(p) == "file"]
    times = []
    for path in files:
        try:
            times.append(datetime.fromtimestamp(path.lstat().st_mtime, UTC))
        except FileNotFoundError:  # taken in while we looked
            continue
    portal = sum(1 for p in files if p.name.startswith("portal_"))
    return InboxWaiting(len(files), portal, min(times, default=None))


def _datasets(con: duckdb.DuckDBPyConnection, fresh: list[SourceFreshness]) -> pd.DataFrame:
    """One line per watched dataset: its requests at the latest check, when it was last
    refreshed and changed (mart.source_freshness), its cadence, age and state."""
    marts = {
        (source, dataset): (requests, changed)
        for source, dataset, requests, changed in con.execute(
            "select source, dataset, requests, last_changed from mart.source_freshness"
        ).fetchall()
    }
    rows = []
    for f in fresh:
        requests, changed = marts.get((f.source, f.dataset), (None, None))
        rows.append(
            {
                "source": f.source,
                "dataset": f.dataset,
                "requests": requests,
                "last_refreshed": f.last_refreshed,
                "last_changed": changed,
                "every_days": f.cadence_days,
                "age_days": round(f.age_days, 1) if f.age_days is not None else None,
                "state": f.state,
            }
        )
    frame = pd.DataFrame(rows)
    if len(frame):
        frame["requests"] = frame["requests"].astype("Int64")
        frame = frame.sort_values(["source", "dataset"]).reset_index(drop=True)
    return frame


def status(settings: Settings, last_runs: int = 10) -> Status:
    with connect_read_only(settings.warehouse) as con:
        info = build_info(con)
        published_runs = con.execute(
            """
            select run_id, started_at, finished_at, status, mode, error_message
            from ops.runs order by started_at desc limit ?
            """,
            [last_runs],
        ).df()
        findings = con.execute(
            """
            with latest_change as (
                select source || '_' || dataset as dataset, arg_max(run_id, fetched_at) as run_id
                from ops.payloads where not unchanged group by all
            )
            , latest_report_run as (
                -- report files: the findings of the last run that decided any file
                select arg_max(run_id, decided_at) as run_id from ops.report_files
                where decision <> 'deferred'
            )
            select f.dataset, f.file, f.row_number, f.column_name, f.rule, f.value, f.message
            from ops.validation_findings f
            inner join latest_change l on f.dataset = l.dataset and f.run_id = l.run_id
            union all
            select f.dataset, f.file, f.row_number, f.column_name, f.rule, f.value, f.message
            from ops.validation_findings f
            inner join latest_report_run l on f.run_id = l.run_id
            where f.dataset = 'enterprise_report' and f.severity = 'error'
            order by dataset, file, row_number
            """
        ).df()
        fresh = source_freshness(con, settings)
        contract = contracts.open_findings(con)
        calendar = contracts.calendar(con, settings.stale_grace_days, date.today())
        changes = contracts.recent_changes(con)
        sources = _datasets(con, fresh)
        years = con.execute(
            "select year, expected, reported, coverage_pct, due_date, state "
            "from mart.reporting_years order by year"
        ).df()
        rejected = con.execute(
            """
            select run_id, file_name, decided_at from ops.report_files
            where decision = 'rejected' and run_id = (
                select arg_max(run_id, decided_at) from ops.report_files
                where decision <> 'deferred'
            )
            order by file_name
            """
        ).df()
    journal = _with_journal(published_runs, settings.runs_dir, last_runs)
    last = journal.iloc[0].to_dict() if len(journal) else None
    attention = needs_a_person([f for f in fresh if f.stale], last, contract, years, rejected)
    return Status(
        info, journal, sources, findings, fresh, contract, calendar, changes, years, rejected,
        inbox_waiting(settings.inbox), attention,
    )  # fmt: skip


def _with_journal(published: pd.DataFrame, runs_dir: Path, limit: int) -> pd.DataFrame:
    """Runs since the last publish (failed ones, or one still running) live only in the journal."""
    journalled = [r for r in runs.read_journal(runs_dir) if r.run_id not in set(published.run_id)]
    if not journalled:
        return published
    extra = pd.DataFrame([{k: getattr(r, k) for k in published.columns} for r in journalled])
    merged = pd.concat([extra, published], ignore_index=True) if len(published) else extra
    return merged.sort_values("started_at", ascending=False).head(limit).reset_index(drop=True)
