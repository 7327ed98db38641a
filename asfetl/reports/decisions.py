"""What intake decided about each inbox entry, and the counts a run reports of them."""

from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from asfetl.reports.checks import FileCheck
from asfetl.reports.inbox import LeftAlone
from asfetl.reports.snapshot import Look


@dataclass
class Decision:
    original: Path  # the file in the inbox
    name: str  # safe name it is stored and reported under
    decision: str  # accepted | rejected | duplicate | deferred
    received_at: datetime
    check: FileCheck | None = None
    superseded: int = 0
    stored: Path | None = None  # relative to the warehouse folder, once filed away
    feedback: Path | None = None
    copy: Path | None = None  # the run's own copy of the bytes read (snapshot.take)
    seen: Look | None = None  # how the inbox file looked when it was taken


@dataclass
class IntakeResult:
    decisions: list[Decision] = field(default_factory=list)
    inbox: Path | None = None  # whose processing folder holds the copies read
    left_alone: list[LeftAlone] = field(default_factory=list)  # folders, links, pipes, devices

    def counts(self) -> dict[str, int]:
        count = {k: 0 for k in ("files", "accepted", "rejected", "duplicate", "deferred")}
        for d in self.decisions:
            count["files"] += 1
            count[d.decision] += 1
        count["superseded"] = sum(d.superseded for d in self.decisions)
        count["warnings"] = sum(len(d.check.warnings) for d in self.decisions if d.check)
        count["rows"] = sum(len(d.check.rows) for d in self.decisions if d.decision == "accepted")
        count["activity_rows"] = sum(
            len(d.check.rows)
            for d in self.decisions
            if d.decision == "accepted" and d.check.kind.dataset == "activity_report"
        )
        return count
