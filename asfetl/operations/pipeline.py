"""The pipeline's steps as plain functions (extract, validate, load, transform, publish).

`run_pipeline` runs them in order, handing each step's result to the next: what was landed,
parsed, passed and loaded, which reports were accepted, and so what changed upstream of the
models. The Prefect flow in flows/ passes `step=` to turn each step into a task; tests and
benchmarks call the same code without Prefect.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import duckdb

from asfetl import sources
from asfetl.findings import SourceFinding
from asfetl.indicators import changes, transform
from asfetl.indicators.exports import write_exports
from asfetl.operations import contracts, notify, runs
from asfetl.operations.run_context import RunContext, pipeline_run, write_build_info
from asfetl.operations.statistics import extract, load, parse, validate
from asfetl.operations.summary import run_summary
from asfetl.plan.check import require_valid
from asfetl.reports.intake import IntakeResult, file_away, intake
from asfetl.reports.limits import Budget
from asfetl.reports.sample import write_sample_reports
from asfetl.reports.sample_follow_ups import write_sample_follow_ups
from asfetl.reports.snapshot import remove_processing_folder
from asfetl.reports.window import ReportingWindow
from asfetl.settings import Settings

log = logging.getLogger(__name__)
SAMPLE_REPORT_FILES = 6  # the sample enterprises' reports, spread over this many files

__all__ = [
    "Changes",
    "Outcome",
    "RunContext",
    "extract",
    "intake_reports",
    "load",
    "parse",
    "pipeline_run",
    "publish",
    "run_pipeline",
    "transform_models",
    "validate",
]


def intake_reports(ctx: RunContext) -> IntakeResult:
    """Decide every settled file in the report inbox and load the accepted ones.

    In sample mode the inbox is filled with the sample generator's reports and activity
    follow-ups first.
    """
    settings = ctx.settings
    inbox, settle = settings.inbox, settings.inbox_settle_seconds
    if ctx.sample:
        inbox, settle = settings.warehouse_dir / "sample_inbox", 0.0  # we wrote them: complete
        write_sample_reports(inbox, files=SAMPLE_REPORT_FILES, region=settings.region)
        write_sample_follow_ups(inbox, plan_dir=settings.plan_dir)  # the plan's activities
    result = intake(
        ctx.con,
        inbox,
        region=settings.region,
        run_id=ctx.run_id,
        max_bytes=settings.report_max_bytes,
        settle_seconds=settle,
        budget=Budget.of(settings),
        is_sample=ctx.sample,
        plan_dir=settings.plan_dir,
    )
    ctx.count("reports", **result.counts())
    return result


@dataclass(frozen=True)
class Changes:
    """What this run changed upstream of the models; with none, and the same SQL, seeds and
    settings as the last build, the models need not run."""

    rows_loaded: int = 0  # into the raw tables of the open statistics
    reports_accepted: int = 0
    migrations_applied: int = 0

    def __bool__(self) -> bool:
        return bool(self.rows_loaded or self.reports_accepted or self.migrations_applied)


def transform_models(ctx: RunContext, upstream: Changes) -> bool:
    """Build the models; return whether they were rebuilt. When nothing changed upstream and
    the SQL, seeds and settings are those of the last build, the marts are left as they are
    (no row rewritten) and only the freshness of the sources is brought up to date."""
    settings = ctx.settings
    window = reporting_window(settings)
    fingerprint = transform.inputs_fingerprint(
        settings.region, settings.first_year, window, settings.ceased_file, settings.plan_dir
    )
    if not upstream and transform.last_fingerprint(ctx.con) == fingerprint:
        ctx.count("transform", skipped=1, **transform.run_models(ctx.con, transform.ALWAYS))
        ctx.count("changed")
        _count_published(ctx)
        return False
    changes.remember_indicator_values(ctx.con)
    seeded = transform.load_seeds(
        ctx.con, settings.region, window, settings.ceased_file, settings.plan_dir
    )
    ctx.count("transform", **seeded)
    ctx.count("transform", **transform.run_models(ctx.con))
    transform.record_fingerprint(ctx.con, fingerprint, ctx.run_id)
    ctx.count("changed", **changes.changed_indicator_values(ctx.con))
    _count_published(ctx)
    return True


def reporting_window(settings: Settings) -> ReportingWindow:
    """The reporting window the settings describe, judged at their date."""
    return ReportingWindow(
        settings.report_due, settings.report_coverage_threshold, settings.reporting_date
    )


def _count_published(ctx: RunContext) -> None:
    """How many indicator values the published warehouse will hold, rebuilt or not."""
    (values,) = ctx.con.execute("select count(*) from mart.indicator_values").fetchone()
    ctx.count("published", indicator_values=values)


@dataclass(frozen=True)
class Outcome:
    """What publish records about the run: what could not be refreshed, what was refused, and
    the report files it decided (filed away once the warehouse is published)."""

    unreachable: list[str] = field(default_factory=list)  # one sentence per source
    rejected: set[str] = field(default_factory=set)  # datasets (by suite) that failed validation
    intake: IntakeResult | None = None
    source_findings: list[SourceFinding] = field(default_factory=list)  # the contract watch's


def publish(ctx: RunContext, outcome: Outcome) -> None:
    """Record the run in ops.runs and build_info, then swap the build in as the published file."""
    con, run = ctx.con, ctx.run
    problems = [*outcome.unreachable]
    if outcome.rejected:
        problems.append(
            f"Failed validation and kept their previous data: {', '.join(sorted(outcome.rejected))}."
        )
    run.finish("partial" if problems else "success", " ".join(problems) or None)
    imported = runs.import_journal(con, ctx.settings.runs_dir, run)
    write_build_info(ctx)
    run.summary = run_summary(
        run, outcome.intake, ctx.settings.warehouse_dir, outcome.source_findings
    )
    ctx.build.publish()
    # The warehouse is published: what follows must not turn the run into a failure. A file
    # left in the inbox is recognised as already received next time; exports are redone.
    try:
        if outcome.intake:  # only now may files leave the inbox: their rows are published
            file_away(outcome.intake, ctx.settings.warehouse_dir, Budget.of(ctx.settings))
    except Exception:
        log.exception("Could not move report files out of the inbox; the next run will")
    try:
        write_exports(ctx.settings.warehouse, ctx.settings.warehouse_dir / "exports")
    except (OSError, duckdb.Error):
        log.exception("Could not refresh warehouse/exports; the previous exports are unchanged")
    try:  # the dashboard is a view of what was published: any failure of it is only logged
        from asfetl.dashboard import write_dashboard
        from asfetl.indicators.exports import DASHBOARD_FILE

        exports_dir = ctx.settings.warehouse_dir / "exports"
        write_dashboard(ctx.settings.warehouse, exports_dir / DASHBOARD_FILE)
    except Exception:
        log.exception("Could not write the dashboard; the warehouse and exports are published")
    settings = ctx.settings
    # the operators' webhook only for what needs a person: new data not yet loaded does not
    needing = [f for f in outcome.source_findings if f.kind in contracts.NEEDS_A_PERSON]
    notify.source_changed(settings.notify_url, needing, str(settings.warehouse))
    runs.forget(ctx.settings.runs_dir, [*imported, run])


Step = Callable[[Callable[..., Any]], Callable[..., Any]]


def run_pipeline(
    settings: Settings,
    sample: bool,
    step: Step = lambda fn: fn,
    statistics: bool = True,
    reports: bool = True,
) -> runs.RunRecord:
    """Run every step once and return the run's record. `step` wraps each step (e.g. as a task).

    `statistics=False` skips the open statistics, `reports=False` the report inbox; either way
    the run ends with transform and publish, under the one writer lock.
    """
    # before the lock and any load: a wrong plan is a wrong setting
    require_valid(settings.plan_dir, settings.region)
    with pipeline_run(settings, sample) as ctx:
        unreachable: list[str] = []
        rejected: set[str] = set()
        rows_loaded = 0
        watched: list[SourceFinding] = []
        if statistics:
            extracted = step(extract)(ctx, sources.datasets())
            parsed = step(parse)(ctx, extracted.landed)
            validated = step(validate)(ctx, parsed)
            loaded = step(load)(ctx, validated.passed)
            unreachable, rejected = extracted.errors, validated.rejected
            rows_loaded = sum(loaded.values())
            # after load: the watch compares what the publishers say with what is loaded
            watched = step(contracts.watch_sources)(ctx)
        received = step(intake_reports)(ctx) if reports else None
        try:
            upstream = Changes(
                rows_loaded=rows_loaded,
                reports_accepted=received.counts()["accepted"] if received else 0,
                migrations_applied=ctx.migrations_applied,
            )
            step(transform_models)(ctx, upstream)
            step(publish)(ctx, Outcome(unreachable, rejected, received, watched))
        finally:  # a failed run leaves every file in the inbox, and no copy of it beside
            if received is not None and received.inbox is not None:
                remove_processing_folder(received.inbox)
    return ctx.run
