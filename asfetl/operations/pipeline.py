"""The pipeline's steps as plain functions (extract, validate, load, transform, publish).

`run_pipeline` runs them in order. The Prefect flow in flows/ passes `step=` to turn each step
into a task; tests and benchmarks call the same code without Prefect.
"""

import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

import duckdb
import pandas as pd

from asfetl import geography
from asfetl.errors import AsfetlError, SourcesUnreachableError
from asfetl.findings import Finding
from asfetl.indicators import changes
from asfetl.indicators.exports import write_exports
from asfetl.operations import runs
from asfetl.operations.summary import run_summary
from asfetl.reports.intake import IntakeResult, file_away, intake
from asfetl.reports.sample import write_sample_reports
from asfetl.reports.sample_follow_ups import write_sample_follow_ups
from asfetl.settings import Settings
from asfetl.sources import kolada
from asfetl.sources.datasets import DATASETS, Dataset
from asfetl.validation import record_findings, validate_frame
from asfetl.warehouse import database, transform
from asfetl.warehouse.landing import LandedPayload, land, mark_loaded
from asfetl.warehouse.publish import Build, WriterLock

log = logging.getLogger(__name__)
SAMPLE_REPORT_FILES = 6  # the sample enterprises' reports, spread over this many files


@dataclass
class RunContext:
    """What the steps of one run share: settings, the run's record and the build connection."""

    settings: Settings
    run: runs.RunRecord
    build: Build
    sample: bool
    findings: list[Finding] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)  # sources that could not be refreshed
    intake: IntakeResult | None = None
    published: bool = False

    @property
    def con(self) -> duckdb.DuckDBPyConnection:
        assert self.build.con is not None, "the build is already closed"
        return self.build.con

    def count(self, step: str, **counts: int) -> None:
        self.run.step_counts.setdefault(step, {}).update(counts)


@dataclass
class Parsed:
    dataset: Dataset
    landed: LandedPayload
    frame: pd.DataFrame


@contextmanager
def pipeline_run(settings: Settings, sample: bool) -> Iterator[RunContext]:
    """Hold the writer lock and a build copy for one run; journal the run however it ends."""
    settings.ensure_writable()
    run = runs.RunRecord(runs.new_run_id(), "sample" if sample else "live", settings.region)
    try:
        with WriterLock(settings.warehouse, settings.lock_timeout, run.run_id):
            waited = datetime.now(UTC) - run.started_at
            run.started_at = datetime.now(UTC)  # a run starts when it may write
            run.step_counts["lock"] = {"waited_ms": int(waited.total_seconds() * 1000)}
            runs.write_journal(settings.runs_dir, run)
            build = Build(settings.warehouse)
            context = RunContext(settings, run, build, sample)
            try:
                context.count("migrate", applied=len(database.migrate(context.con)))
                _refuse_sample_over_live(context)
                yield context
                if not context.published:
                    raise RuntimeError("the run ended before its publish step")
            finally:
                build.discard()  # no-op after a publish
    except BaseException as exc:
        run.finish("failed", str(exc) or type(exc).__name__)
        runs.write_journal(settings.runs_dir, run)
        raise


def _refuse_sample_over_live(ctx: RunContext) -> None:
    """Sample rows would overwrite real statistics: keep sample runs out of a live database."""
    row = ctx.con.execute("select data_mode from mart.build_info").fetchone()
    if ctx.sample and row and row[0] != "sample":
        raise AsfetlError(
            f"{ctx.settings.warehouse} holds live data; run the sample pipeline against another "
            "file, e.g. ASFETL_WAREHOUSE=warehouse/sample.duckdb asfetl run --sample."
        )


def extract(ctx: RunContext) -> list[tuple[Dataset, LandedPayload]]:
    """Fetch every dataset's payloads and land them; unchanged payloads are recorded, not parsed.

    A source that cannot be reached keeps its previous data; the others are still refreshed.
    When none can be reached the step fails with SourcesUnreachableError, which a scheduled run
    retries (flows/asf_pipeline.py); a retry starts afresh.
    """
    landed = []
    ctx.errors.clear()
    for dataset in DATASETS:
        try:
            payloads = dataset.fetch(ctx.settings, ctx.sample)
        except AsfetlError as exc:
            ctx.errors.append(str(exc))
            log.warning("%s could not be refreshed: %s", dataset.suite, exc)
            ctx.count("sources", **{f"{dataset.suite}.unreachable": 1})
            continue
        for payload in payloads:
            item = land(ctx.con, payload, ctx.settings.warehouse_dir, ctx.run.run_id)
            landed.append((dataset, item))
        ctx.count(
            "sources",
            **{
                f"{dataset.suite}.payloads": len(payloads),
                f"{dataset.suite}.unchanged": sum(i.unchanged for d, i in landed if d is dataset),
            },
        )
    if ctx.errors and not landed:
        raise SourcesUnreachableError(" ".join(ctx.errors))
    unchanged = sum(item.unchanged for _, item in landed)
    ctx.count("extract", payloads=len(landed), unchanged=unchanged, failed_sources=len(ctx.errors))
    return landed


def parse(ctx: RunContext, landed: list[tuple[Dataset, LandedPayload]]) -> list[Parsed]:
    """Parse every changed payload; one that cannot be parsed becomes a finding, not a crash."""
    parsed: list[Parsed] = []
    counts: dict[str, int] = {}
    for dataset, item in landed:
        if item.unchanged:
            continue
        try:
            frame = dataset.parse(item.payload, ctx.settings)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            unreadable = Finding(
                dataset.suite,
                str(item.path),
                None,
                None,
                "payload_parseable",
                None,
                f"the payload is not in the expected format ({type(exc).__name__}: {exc})",
            )
            _record_findings(ctx, [unreadable])
            continue
        parsed.append(Parsed(dataset, item, frame))
        counts[dataset.suite] = counts.get(dataset.suite, 0) + len(frame)
    ctx.count("parse", **counts)
    return parsed


def validate(ctx: RunContext, parsed: list[Parsed]) -> list[Parsed]:
    """Check each frame with its dataset's GX suite. A dataset is loaded whole or not at all:
    one failing payload keeps all of that dataset's previous data in place."""
    parameters = {
        "area_codes": [a.code for a in geography.region_areas(ctx.settings.region)],
        "kpi_ids": sorted(kolada.kpi_indicators()),
        "first_year": ctx.settings.first_year,
        "last_year": date.today().year,
    }
    rejected = {f.dataset for f in ctx.findings if f.severity == "error"}  # unparseable payloads
    for item in parsed:
        findings = validate_frame(
            item.frame, item.dataset.suite, file=str(item.landed.path), parameters=parameters
        )
        _record_findings(ctx, findings)
        if any(f.severity == "error" for f in findings):
            rejected.add(item.dataset.suite)
    passed = [item for item in parsed if item.dataset.suite not in rejected]
    ctx.count("sources", **{f"{suite}.rejected": 1 for suite in rejected})
    ctx.count("validate", passed=len(passed), rejected=len(parsed) - len(passed))
    return passed


def _record_findings(ctx: RunContext, findings: list[Finding]) -> None:
    ctx.findings.extend(findings)
    record_findings(ctx.con, findings, ctx.run.run_id)


def load(ctx: RunContext, valid: list[Parsed]) -> None:
    """Each payload's rows in one transaction, upserted on the dataset's natural key."""
    counts: dict[str, int] = {}
    for item in valid:
        frame = item.frame.assign(
            payload_id=item.landed.payload_id,
            is_sample=item.landed.payload.is_sample,
            loaded_at=datetime.now(UTC),
        )
        written = database.replace_rows(ctx.con, item.dataset.raw_table, frame, item.dataset.key)
        mark_loaded(ctx.con, item.landed.payload_id)
        counts[item.dataset.raw_table] = counts.get(item.dataset.raw_table, 0) + written
    ctx.count("load", **counts)


def intake_reports(ctx: RunContext) -> None:
    """Decide every settled file in the report inbox and load the accepted ones.

    In sample mode the inbox is filled with the sample generator's reports and activity
    follow-ups first.
    """
    settings = ctx.settings
    inbox, settle = settings.inbox, settings.inbox_settle_seconds
    if ctx.sample:
        inbox, settle = settings.warehouse_dir / "sample_inbox", 0.0  # we wrote them: complete
        write_sample_reports(inbox, files=SAMPLE_REPORT_FILES, region=settings.region)
        write_sample_follow_ups(inbox)  # the plan's example activities, followed up
    ctx.intake = intake(
        ctx.con,
        inbox,
        region=settings.region,
        run_id=ctx.run.run_id,
        max_bytes=settings.report_max_bytes,
        settle_seconds=settle,
        is_sample=ctx.sample,
    )
    ctx.count("reports", **ctx.intake.counts())


def transform_models(ctx: RunContext) -> None:
    """Build the models. When nothing changed upstream — no rows loaded, no report accepted, no
    migration, the same SQL, seeds and settings as the last build — the marts are left as they
    are (no row rewritten) and only the freshness of the sources is brought up to date."""
    fingerprint = transform.inputs_fingerprint(ctx.settings.region, ctx.settings.first_year)
    counts = ctx.run.step_counts
    loaded = sum(counts.get("load", {}).values()) + counts.get("reports", {}).get("accepted", 0)
    migrated = counts.get("migrate", {}).get("applied", 0)
    if not loaded and not migrated and transform.last_fingerprint(ctx.con) == fingerprint:
        ctx.count("transform", skipped=1, **transform.run_models(ctx.con, transform.ALWAYS))
        ctx.count("changed")
        _count_published(ctx)
        return
    changes.remember_indicator_values(ctx.con)
    ctx.count("transform", **transform.load_seeds(ctx.con, ctx.settings.region))
    ctx.count("transform", **transform.run_models(ctx.con))
    transform.record_fingerprint(ctx.con, fingerprint, ctx.run.run_id)
    ctx.count("changed", **changes.changed_indicator_values(ctx.con))
    _count_published(ctx)


def _count_published(ctx: RunContext) -> None:
    """How many indicator values the published warehouse will hold, rebuilt or not."""
    (values,) = ctx.con.execute("select count(*) from mart.indicator_values").fetchone()
    ctx.count("published", indicator_values=values)


def publish(ctx: RunContext) -> None:
    """Record the run in ops.runs and build_info, then swap the build in as the published file."""
    con, run = ctx.con, ctx.run
    rejected = {f.dataset for f in ctx.findings if f.severity == "error"}
    problems = [*ctx.errors]
    if rejected:
        problems.append(
            f"Failed validation and kept their previous data: {', '.join(sorted(rejected))}."
        )
    run.finish("partial" if problems else "success", " ".join(problems) or None)
    imported = runs.import_journal(con, ctx.settings.runs_dir, run)
    _write_build_info(ctx)
    run.summary = run_summary(run, ctx.intake, ctx.settings.warehouse_dir)
    ctx.build.publish()
    ctx.published = True
    # The warehouse is published: what follows must not turn the run into a failure. A file
    # left in the inbox is recognised as already received next time; exports are redone.
    try:
        if ctx.intake:  # only now may files leave the inbox: their rows are published
            file_away(ctx.intake, ctx.settings.warehouse_dir)
    except OSError:
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
    runs.forget(ctx.settings.runs_dir, [*imported, run])


def _write_build_info(ctx: RunContext) -> None:
    latest_payloads = """
        select is_sample from raw.payloads
        qualify row_number() over (partition by request_key order by fetched_at desc) = 1
    """
    modes = {row[0] for row in ctx.con.execute(latest_payloads).fetchall()}
    data_mode = "mixed" if len(modes) > 1 else ("sample" if modes == {True} else "live")
    ctx.con.execute("delete from mart.build_info")
    ctx.con.execute(
        "insert into mart.build_info values (?, ?, ?, ?, ?, ?, ?)",
        [
            ctx.run.run_id,
            ctx.run.finished_at,
            data_mode,
            ctx.settings.region,
            ctx.settings.region_name,
            ctx.settings.first_year,
            ctx.run.asfetl_version,
        ],
    )


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
    with pipeline_run(settings, sample) as ctx:
        if statistics:
            landed = step(extract)(ctx)
            parsed = step(parse)(ctx, landed)
            valid = step(validate)(ctx, parsed)
            step(load)(ctx, valid)
        if reports:
            step(intake_reports)(ctx)
        step(transform_models)(ctx)
        step(publish)(ctx)
    return ctx.run
