"""The open-statistics steps: extract, parse, validate and load every dataset the sources declare.

Each step takes what it works on and returns what the next one needs; findings are written to
ops.validation_findings as they are made, counts to the run record as telemetry.
"""

import logging
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime

import pandas as pd

from asfetl import geography
from asfetl.errors import AsfetlError, SourcesUnreachableError
from asfetl.findings import Finding
from asfetl.operations.run_context import RunContext
from asfetl.payload import Payload
from asfetl.sources import Dataset
from asfetl.validation import record_findings, validate_frame
from asfetl.warehouse import database
from asfetl.warehouse.landing import LandedPayload, land, mark_loaded

log = logging.getLogger(__name__)


@dataclass
class Landed:
    dataset: Dataset
    landed: LandedPayload


@dataclass
class Extracted:
    """What extract brought: the landed payloads, and a sentence per source it could not reach."""

    landed: list[Landed] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)


@dataclass
class Frame:
    """One changed payload, parsed."""

    dataset: Dataset
    landed: LandedPayload
    frame: pd.DataFrame


@dataclass
class Parsed:
    frames: list[Frame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)  # payloads that could not be parsed


@dataclass
class Validated:
    """The frames that may be loaded, and every finding of parsing and validation."""

    passed: list[Frame] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)

    @property
    def rejected(self) -> set[str]:
        """The datasets (by suite) that keep their previous data: one error refuses all of it."""
        return {f.dataset for f in self.findings if f.severity == "error"}


def extract(ctx: RunContext, datasets: list[Dataset]) -> Extracted:
    """Fetch every dataset's payloads and land them; unchanged payloads are recorded, not parsed.

    A source that cannot be reached keeps its previous data; the others are still refreshed.
    When none can be reached the step fails with SourcesUnreachableError, which a scheduled run
    retries (flows/asf_pipeline.py); a retry starts afresh.
    """
    result = Extracted()
    for dataset in datasets:
        try:
            payloads = dataset.fetch(ctx.settings, ctx.sample)
        except AsfetlError as exc:
            result.errors.append(str(exc))
            log.warning("%s could not be refreshed: %s", dataset.suite, exc)
            ctx.count("sources", **{f"{dataset.suite}.unreachable": 1})
            continue
        landed = []
        for payload in payloads:
            # The declaration names the payload: raw.payloads, landing/ and freshness use the
            # declared (source, dataset), whatever the fetch wrote.
            payload = _named(payload, dataset)
            landed.append(land(ctx.con, payload, ctx.settings.warehouse_dir, ctx.run_id))
        result.landed += [Landed(dataset, item) for item in landed]
        ctx.count(
            "sources",
            **{
                f"{dataset.suite}.payloads": len(payloads),
                f"{dataset.suite}.unchanged": sum(item.unchanged for item in landed),
            },
        )
    if result.errors and not result.landed:
        raise SourcesUnreachableError(" ".join(result.errors))
    unchanged = sum(item.landed.unchanged for item in result.landed)
    ctx.count(
        "extract",
        payloads=len(result.landed),
        unchanged=unchanged,
        failed_sources=len(result.errors),
    )
    return result


def _named(payload: Payload, dataset: Dataset) -> Payload:
    if (payload.source, payload.dataset) == (dataset.source, dataset.name):
        return payload
    return replace(payload, source=dataset.source, dataset=dataset.name)


def parse(ctx: RunContext, landed: list[Landed]) -> Parsed:
    """Parse every changed payload; one that cannot be parsed becomes a finding, not a crash."""
    result = Parsed()
    counts: dict[str, int] = {}
    for item in landed:
        if item.landed.unchanged:
            continue
        dataset = item.dataset
        try:
            frame = dataset.parse(item.landed.payload, ctx.settings)
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            unreadable = Finding(
                dataset.suite,
                str(item.landed.path),
                None,
                None,
                "payload_parseable",
                None,
                f"the payload is not in the expected format ({type(exc).__name__}: {exc})",
            )
            record_findings(ctx.con, [unreadable], ctx.run_id)
            result.findings.append(unreadable)
            continue
        result.frames.append(Frame(dataset, item.landed, frame))
        counts[dataset.suite] = counts.get(dataset.suite, 0) + len(frame)
        # rows the publisher marked deleted, which the parser drops: counted, never loaded
        if dropped := frame.attrs.get("dropped", 0):
            key = f"{dataset.suite}.dropped_deleted"
            counts[key] = counts.get(key, 0) + dropped
    ctx.count("parse", **counts)
    return result


def validate(ctx: RunContext, parsed: Parsed) -> Validated:
    """Check each frame with its dataset's GX suite. A dataset is loaded whole or not at all:
    one failing payload keeps all of that dataset's previous data in place."""
    run_parameters = {
        "area_codes": [a.code for a in geography.statistics_areas(ctx.settings.region)],
        "first_year": ctx.settings.first_year,
        "last_year": date.today().year,
    }
    result = Validated(findings=list(parsed.findings))  # unparseable payloads reject theirs
    for item in parsed.frames:
        findings = validate_frame(
            item.dataset.checked_frame(item.frame),
            item.dataset.suite_file,
            file=str(item.landed.path),
            parameters=run_parameters | item.dataset.suite_parameters(),
        )
        record_findings(ctx.con, findings, ctx.run_id)
        result.findings += findings
    rejected = result.rejected
    result.passed = [item for item in parsed.frames if item.dataset.suite not in rejected]
    ctx.count("sources", **{f"{suite}.rejected": 1 for suite in rejected})
    ctx.count(
        "validate", passed=len(result.passed), rejected=len(parsed.frames) - len(result.passed)
    )
    return result


def load(ctx: RunContext, passed: list[Frame]) -> dict[str, int]:
    """Each payload's rows in one transaction, upserted on the dataset's natural key; returns
    the rows written per raw table."""
    counts: dict[str, int] = {}
    for item in passed:
        frame = item.frame.assign(
            payload_id=item.landed.payload_id,
            is_sample=item.landed.payload.is_sample,
            loaded_at=datetime.now(UTC),
        )
        table = item.dataset.raw_table
        written = database.replace_rows(ctx.con, table, frame, list(item.dataset.key))
        mark_loaded(ctx.con, item.landed.payload_id)
        counts[table] = counts.get(table, 0) + written
    ctx.count("load", **counts)
    return counts
