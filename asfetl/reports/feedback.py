"""Feedback a submitter can act on: every finding, in Swedish and English, in their own terms."""

from datetime import datetime

from asfetl import localtime
from asfetl.findings import Finding
from asfetl.reports.checks import FileCheck, column_label
from asfetl.reports.cross_values import reading_order

TEXT = {
    "sv": {
        "title": "Återkoppling på filen",
        "received": "Mottagen",
        "accepted": "GODKÄND: filen har lästs in.",
        "duplicate": "REDAN MOTTAGEN: exakt samma fil har redan lästs in; inget nytt lästes in.",
        "rejected": "AVVISAD: ingenting från filen har lästs in. Rätta felen nedan och skicka "
        "hela filen igen.",
        "errors": "Fel",
        "warnings": "Att kontrollera (filen godtas ändå)",
        "row": "Rad",
        "file": "Hela filen",
        "column": "kolumn",
        "value": "värde",
        "none": "Inga anmärkningar.",
    },
    "en": {
        "title": "Feedback on the file",
        "received": "Received",
        "accepted": "ACCEPTED: the file has been loaded.",
        "duplicate": "ALREADY RECEIVED: this exact file was loaded before; nothing new was loaded.",
        "rejected": "REJECTED: nothing from this file has been loaded. Correct the errors below "
        "and send the whole file again.",
        "errors": "Errors",
        "warnings": "To check (the file is accepted anyway)",
        "row": "Row",
        "file": "Whole file",
        "column": "column",
        "value": "value",
        "none": "No remarks.",
    },
}


def finding_line(finding: Finding, lang: str) -> str:
    """'Rad 4, kolumn anstallda_malgrupp (Anställda i målgruppen): … (värde: 9) [rule]'."""
    t = TEXT[lang]
    where = f"{t['row']} {finding.row}" if finding.row is not None else t["file"]
    if finding.column:
        where += f", {t['column']} {column_label(finding.column, lang)}"
    message = (finding.message_sv or finding.message) if lang == "sv" else finding.message
    shown = f" ({t['value']}: {finding.value})" if finding.value not in (None, "") else ""
    return f"{where}: {message}{shown} [{finding.rule}]"


def render(
    check: FileCheck, name: str, received_at: datetime | None = None, duplicate: bool = False
) -> str:
    """The whole report: Swedish first, then English; errors then warnings, by row."""
    ordered = sorted(check.findings, key=reading_order)
    sections = []
    for lang in ("sv", "en"):
        t = TEXT[lang]
        lines = [f"{t['title']} {name}"]
        if received_at:
            lines.append(f"{t['received']}: {localtime.local(received_at)}")
        lines += [f"SHA-256: {check.sha256}" if check.sha256 else "", ""]
        lines.append(
            t["duplicate"] if duplicate else t["accepted"] if check.accepted else t["rejected"]
        )
        for label, severity in ((t["errors"], "error"), (t["warnings"], "warning")):
            chosen = [f for f in ordered if f.severity == severity]
            if chosen:
                lines += ["", f"{label} ({len(chosen)}):"]
                lines += [f"  - {finding_line(f, lang)}" for f in chosen]
        if not check.findings:
            lines += ["", t["none"]]
        sections.append("\n".join(line for line in lines if line is not None))
    return ("-" * 72 + "\n\n").join(section + "\n\n" for section in sections).rstrip() + "\n"
