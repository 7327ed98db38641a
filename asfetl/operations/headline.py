"""One line per run for an operator's list of runs: the Prefect run's name and its artifact's
description, so that a run that rejected a file never looks like one that changed nothing."""

from datetime import datetime
from zoneinfo import ZoneInfo

from asfetl import geography
from asfetl.operations.runs import RunRecord
from asfetl.operations.summary import source_states

STOCKHOLM = ZoneInfo("Europe/Stockholm")  # the schedules' time zone, and the operators'
STATUS_WORDS = {
    "success": "publicerad",
    "partial": "publicerad med problem",
    "failed": "misslyckad, inget publicerat",
    "running": "pågår",
    "cancelled": "avbruten, inget publicerat",
}


def run_name(sample: bool, region: str, statistics: bool, reports: bool, at: datetime) -> str:
    """E.g. 'exempeldata · Örebro län · statistik och rapporter · 2026-12-01 06:30'."""
    mode = "exempeldata" if sample else "live"
    parts = [("statistik", statistics), ("rapporter", reports)]
    what = " och ".join(word for word, chosen in parts if chosen) or "bara publicering"
    when = at.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z")  # the zone named: CET, CEST
    return f"{mode} · {geography.area(region).name} · {what} · {when}"


def _plural(count: int, one: str, many: str) -> str:
    return f"{count} {one if count == 1 else many}"


def run_description(run: RunRecord) -> str:
    """E.g. 'publicerad · 3 filer godkända · 1 fil avvisad · 2 indikatorer ändrade'."""
    counts = run.step_counts
    parts = [STATUS_WORDS.get(run.status, run.status)]
    sources = source_states(counts.get("sources", {})).values()
    unreachable = sum(outcome.get("unreachable", 0) for outcome in sources)
    rejected_sets = sum(outcome.get("rejected", 0) for outcome in sources)
    if unreachable:
        parts.append(_plural(unreachable, "källa onåbar", "källor onåbara"))
    if rejected_sets:
        parts.append(_plural(rejected_sets, "datamängd underkänd", "datamängder underkända"))
    reports = counts.get("reports", {})
    if reports.get("accepted"):
        parts.append(_plural(reports["accepted"], "fil godkänd", "filer godkända"))
    if reports.get("rejected"):
        parts.append(_plural(reports["rejected"], "fil avvisad", "filer avvisade"))
    if "changed" in counts:
        changed = len(counts["changed"])
        parts.append(
            _plural(changed, "indikator ändrad", "indikatorer ändrade")
            if changed
            else "inga värden ändrade"
        )
    return " · ".join(parts)
