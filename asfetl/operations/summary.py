"""A run's summary in markdown for operators (the Prefect artifact of each run): which sources
were refreshed, unchanged, unreachable or rejected; which report files were accepted or rejected
and where their feedback is; which indicators changed."""

from pathlib import Path

from asfetl.findings import SourceFinding
from asfetl.operations.runs import RunRecord
from asfetl.reports.intake import IntakeResult


def source_states(counts: dict[str, int]) -> dict[str, dict[str, int]]:
    """{"<source>_<dataset>.payloads": 2, …} → {"<source>_<dataset>": {"payloads": 2, …}}."""
    states: dict[str, dict[str, int]] = {}
    for key, value in counts.items():
        source, _, what = key.rpartition(".")
        states.setdefault(source, {})[what] = value
    return states


def _state(outcome: dict[str, int]) -> str:
    if outcome.get("unreachable"):
        return "**unreachable**: kept its previous data"
    if outcome.get("rejected"):
        return "**rejected by validation**: kept its previous data"
    if outcome.get("payloads", 0) and outcome.get("unchanged", 0) == outcome["payloads"]:
        return "unchanged"
    return "refreshed"


def _open_statistics(counts: dict[str, dict[str, int]]) -> list[str]:
    if "extract" not in counts and "sources" not in counts:
        return ["## Open statistics", "", "Not part of this run."]
    extract = counts.get("extract", {})
    load = counts.get("load", {})
    lines = [
        "## Open statistics",
        "",
        "| source | payloads | unchanged | state |",
        "|---|---|---|---|",
    ]
    for source, outcome in sorted(source_states(counts.get("sources", {})).items()):
        lines.append(
            f"| {source} | {outcome.get('payloads', 0)} | {outcome.get('unchanged', 0)} | "
            f"{_state(outcome)} |"
        )
    lines += [
        "",
        f"- payloads fetched: {extract.get('payloads', 0)}, unchanged: {extract.get('unchanged', 0)}",
        f"- rows loaded: {sum(load.values())}"
        + "".join(f"; {table} {rows}" for table, rows in load.items()),
        f"- datasets rejected by validation: {counts.get('validate', {}).get('rejected', 0)}",
    ]
    return lines


def _reports(intake: IntakeResult, warehouse_dir: Path) -> list[str]:
    report = intake.counts()
    lines = [
        "## Enterprise reports",
        "",
        "| files | accepted | rejected | duplicate | deferred | superseded | warnings |",
        "|---|---|---|---|---|---|---|",
        f"| {report['files']} | {report['accepted']} | {report['rejected']} | "
        f"{report['duplicate']} | {report['deferred']} | {report['superseded']} | "
        f"{report['warnings']} |",
    ]
    for d in intake.decisions:
        if d.decision == "accepted":
            lines.append(f"- accepted `{d.name}`")
        elif d.decision == "rejected":
            errors = len(d.check.errors) if d.check else 0
            where = f"feedback in `{warehouse_dir / d.feedback}`" if d.feedback else "no feedback"
            lines.append(f"- rejected `{d.name}`: {errors} errors, {where}")
        elif d.decision == "deferred":
            lines.append(f"- `{d.name}` is still being written: left for the next run")
    for entry in intake.left_alone:
        again = "" if entry.new else " (reported before)"
        lines.append(f"- `{entry.name}` is {entry.what}, not a report file: left alone{again}")
    return lines


def _indicators(counts: dict[str, dict[str, int]]) -> list[str]:
    changed = counts.get("changed", {})
    lines = [
        "## Indicators",
        "",
        f"Indicator values published: {counts.get('published', {}).get('indicator_values', 0)}.",
        "",
    ]
    if not changed:
        return [*lines, "No indicator value changed."]
    lines += ["| indicator changed | values added, removed or changed |", "|---|---|"]
    lines += [f"| {indicator} | {n} |" for indicator, n in sorted(changed.items())]
    return lines


def _contract(findings: list[SourceFinding]) -> list[str]:
    if not findings:
        return []
    lines = ["## Source contract", "", "| source | id | what | finding |", "|---|---|---|---|"]
    lines += [f"| {f.source} | {f.object_id} | {f.kind} | {f.message} |" for f in findings]
    return [*lines, "", "What is valid was still published; see `asfetl status`."]


def run_summary(
    run: RunRecord,
    intake: IntakeResult | None,
    warehouse_dir: Path,
    source_findings: list[SourceFinding] | None = None,
) -> str:
    counts = run.step_counts
    lines = [
        f"# asfetl run {run.run_id}: {run.status}",
        "",
        f"Mode: **{run.mode}**, region {run.region_code}.",
        "",
        *_open_statistics(counts),
    ]
    if source_findings:
        lines += ["", *_contract(source_findings)]
    if run.error_message:
        lines += ["", f"**Problems:** {run.error_message}"]
    if intake is not None:
        lines += ["", *_reports(intake, warehouse_dir)]
    lines += ["", *_indicators(counts)]
    return "\n".join(lines) + "\n"
