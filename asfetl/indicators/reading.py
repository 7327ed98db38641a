"""Read-only queries on the published warehouse: indicator values, build info and status."""

from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import duckdb
import pandas as pd

from asfetl.operations import contracts, runs
from asfetl.operations.freshness import SourceFreshness, source_freshness
from asfetl.settings import Settings
from asfetl.warehouse.database import connect_read_only

INDICATOR_COLUMNS = [
    "indicator_id",
    "area_code",
    "area_name",
    "area_level",
    "year",
    "value",
    "status",
    "unit",
    "source",
    "updated_at",
    "suppression_reason",  # primary | few_enterprises | dominance | secondary; NULL unless suppressed
]


@dataclass(frozen=True)
class BuildInfo:
    run_id: str
    built_at: object
    data_mode: str  # live | sample | mixed
    region_code: str
    region_name: str

    @property
    def is_sample(self) -> bool:
        return self.data_mode != "live"


def build_info(con: duckdb.DuckDBPyConnection) -> BuildInfo | None:
    row = con.execute(
        "select run_id, built_at, data_mode, region_code, region_name from mart.build_info"
    ).fetchone()
    return BuildInfo(*row) if row else None


def indicator_values(
    con: duckdb.DuckDBPyConnection,
    area_code: str | None = None,
    indicator_id: str | None = None,
    year: int | None = None,
) -> pd.DataFrame:
    """Rows of mart.indicator_values, filtered, ordered by indicator, area and year."""
    return con.execute(
        f"""
        select {", ".join(INDICATOR_COLUMNS)} from mart.indicator_values
        where ($area is null or area_code = $area)
          and ($indicator is null or indicator_id = $indicator)
          and ($year is null or year = $year)
        order by indicator_id, area_code, year
        """,
        {"area": area_code, "indicator": indicator_id, "year": year},
    ).df()


def disclosure_kinds(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Each indicator's disclosure kind (people | money | rate | none), from mart.indicators."""
    return dict(con.execute("select indicator_id, disclosure from mart.indicators").fetchall())


def indicator_ids(con: duckdb.DuckDBPyConnection) -> list[str]:
    return [
        r[0] for r in con.execute("select indicator_id from mart.indicators order by 1").fetchall()
    ]


@dataclass(frozen=True)
class Status:
    info: BuildInfo | None
    runs: pd.DataFrame  # newest first, including runs journalled since the last publish
    sources: pd.DataFrame  # per request: last fetched, last changed, sample or not
    findings: pd.DataFrame  # open findings: those of each dataset's latest changed payload
    freshness: list[SourceFreshness]  # per source: last refresh against its cadence
    contract: pd.DataFrame = field(default_factory=pd.DataFrame)  # the latest contract findings
    calendar: pd.DataFrame = field(default_factory=pd.DataFrame)  # publishers' planned dates
    changes: pd.DataFrame = field(default_factory=pd.DataFrame)  # definitions changed lately

    @property
    def stale(self) -> list[SourceFreshness]:
        return [f for f in self.freshness if f.stale]


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
        sources = con.execute(
            """
            select source, dataset, request_key,
                   max(fetched_at) as last_fetched,
                   max(fetched_at) filter (where not unchanged) as last_changed,
                   arg_max(is_sample, fetched_at) as sample
            from ops.payloads group by all order by source, dataset, request_key
            """
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
    journal = _with_journal(published_runs, settings.runs_dir, last_runs)
    return Status(info, journal, sources, findings, fresh, contract, calendar, changes)


def _with_journal(published: pd.DataFrame, runs_dir: Path, limit: int) -> pd.DataFrame:
    """Runs since the last publish (failed ones, or one still running) live only in the journal."""
    journalled = [r for r in runs.read_journal(runs_dir) if r.run_id not in set(published.run_id)]
    if not journalled:
        return published
    extra = pd.DataFrame([{k: getattr(r, k) for k in published.columns} for r in journalled])
    merged = pd.concat([extra, published], ignore_index=True) if len(published) else extra
    return merged.sort_values("started_at", ascending=False).head(limit).reset_index(drop=True)
