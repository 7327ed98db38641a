"""What needs a person: the findings behind `asfetl status --check` (exit 3), each with what to do.

Only what a person must act on: a stale source, a failed or partial last run, a KPI or table that
ended, changed or became unreadable, a late publication, a reporting year overdue past its due
date, and files rejected by the latest run that decided any. New data out at a publisher and not
yet loaded is not among them: the next run loads it.
"""

from dataclasses import dataclass

import pandas as pd

from asfetl.operations.contracts import NEEDS_A_PERSON, NEXT_STEP
from asfetl.operations.freshness import SourceFreshness


@dataclass(frozen=True)
class Attention:
    kind: str  # STALE | FAILED | ENDED | CHANGED | LATE | UNREADABLE | OVERDUE | REJECTED
    what: str  # one sentence
    next_step: str  # what to do about it

    def line(self) -> str:
        return f"{self.kind}: {self.what.rstrip('.')}. Next: {self.next_step}."


def needs_a_person(
    stale: list[SourceFreshness],
    last_run: dict | None,
    contract: pd.DataFrame,
    reporting_years: pd.DataFrame,
    rejected: pd.DataFrame,
) -> list[Attention]:
    """Every finding of the published warehouse and its runs that a person must act on."""
    found = [
        Attention(
            "STALE",
            source.describe(),
            "look at the last runs' errors and the publisher's service; `asfetl run` by hand",
        )
        for source in stale
    ]
    if last_run and last_run.get("status") in ("failed", "partial"):
        found.append(
            Attention(
                "FAILED",
                f"the last run {last_run['run_id']} ended {last_run['status']}: "
                f"{last_run.get('error_message') or 'see its log'}",
                "read the run's log (Prefect) and fix what it names; the next run retries",
            )
        )
    for row in contract.itertuples() if len(contract) else []:
        if row.kind in NEEDS_A_PERSON:
            found.append(Attention(row.kind.upper(), row.message, NEXT_STEP[row.kind]))
    overdue = reporting_years[reporting_years.state == "overdue"] if len(reporting_years) else []
    for row in overdue.itertuples() if len(overdue) else []:
        found.append(
            Attention(
                "OVERDUE",
                f"{row.year}: {row.reported} of {row.expected} expected reports, due "
                f"{row.due_date:%Y-%m-%d}",
                "remind the enterprises that have not reported (asfetl portal link ORGNR), or mark "
                "those that ceased in ceased_enterprises.csv",
            )
        )
    if len(rejected):
        names = ", ".join(rejected.file_name.head(3)) + (" …" if len(rejected) > 3 else "")
        found.append(
            Attention(
                "REJECTED",
                f"{len(rejected)} report file(s) rejected by run {rejected.run_id.iloc[0]}: {names}",
                "each sender has its feedback file beside the stored file; help them correct "
                "and send it again",
            )
        )
    return found
