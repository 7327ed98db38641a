"""A run's summary in markdown for operators: sources refreshed or unchanged, report files."""

from pathlib import Path

from asfetl.reports.intake import IntakeResult
from asfetl.runs import RunRecord


def run_summary(run: RunRecord, intake: IntakeResult | None, warehouse_dir: Path) -> str:
    counts = run.step_counts
    extract = counts.get("extract", {})
    lines = [
        f"# asfetl run {run.run_id}: {run.status}",
        "",
        f"Mode: **{run.mode}**, region {run.region_code}.",
        "",
        "## Open statistics",
        "",
        f"- payloads fetched: {extract.get('payloads', 0)}, unchanged: {extract.get('unchanged', 0)}",
        f"- rows loaded: {sum(counts.get('load', {}).values())}"
        + "".join(f"; {table} {rows}" for table, rows in counts.get("load", {}).items()),
        f"- datasets rejected by validation: {counts.get('validate', {}).get('rejected', 0)}",
    ]
    if run.error_message:
        lines += ["", f"**Problems:** {run.error_message}"]
    if intake is not None:
        report = intake.counts()
        lines += [
            "",
            "## Enterprise reports",
            "",
            "| files | accepted | rejected | duplicate | deferred | superseded | warnings |",
            "|---|---|---|---|---|---|---|",
            f"| {report['files']} | {report['accepted']} | {report['rejected']} | "
            f"{report['duplicate']} | {report['deferred']} | {report['superseded']} | "
            f"{report['warnings']} |",
        ]
        for d in intake.decisions:
            if d.decision == "rejected":
                errors = len(d.check.errors) if d.check else 0
                lines.append(
                    f"- rejected `{d.name}`: {errors} errors, feedback in "
                    f"`{warehouse_dir / d.feedback}`"
                )
            elif d.decision == "deferred":
                lines.append(f"- `{d.name}` is still being written: left for the next run")
    transform = counts.get("transform", {})
    lines += ["", f"Indicator values published: {transform.get('mart.indicator_values', 0)}."]
    return "\n".join(lines) + "\n"
