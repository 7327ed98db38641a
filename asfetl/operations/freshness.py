"""Per source: when it was last refreshed, how often it should be, and whether it is stale.

What is watched, under which names and with which default cadence, is declared once, in
asfetl.sources (`watched()`): each source's datasets, named as ops.payloads and
mart.source_freshness name them, and the report inbox.

A refresh is a check that succeeded: a run whose payloads of a dataset were all loaded or
identical to the last loaded ones (a dataset that failed validation was not refreshed), or,
for the report inbox, a published run that took in the inbox. A source is stale when its last
refresh is older than its expected cadence (its declared default, or
ASFETL_<SOURCE>_CADENCE_DAYS) plus ASFETL_STALE_GRACE_DAYS, or when it has never been refreshed.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import duckdb
import pandas as pd

from asfetl import sources
from asfetl.settings import Settings


@dataclass(frozen=True)
class SourceFreshness:
    source: str
    dataset: str
    last_refreshed: datetime | None
    cadence_days: float
    age_days: float | None
    stale: bool

    @property
    def state(self) -> str:
        if self.last_refreshed is None:
            return "STALE (never refreshed)"
        return "STALE" if self.stale else "ok"

    def describe(self) -> str:
        """One sentence for an operator, e.g. in a notification."""
        if self.last_refreshed is None:
            return f"{self.source}/{self.dataset} has never been refreshed"
        return (
            f"{self.source}/{self.dataset} was last refreshed {self.age_days:.1f} days ago "
            f"({self.last_refreshed:%Y-%m-%d %H:%M %Z}); expected every {self.cadence_days:g} days"
        )


def expected_sources(settings: Settings) -> dict[tuple[str, str], float]:
    """Every (source, dataset) a run refreshes and its expected cadence in days."""
    return {
        (w.source, w.dataset): settings.cadence_days.get(w.source, w.cadence_days)
        for w in sources.watched()
    }


def _last_refreshes(con: duckdb.DuckDBPyConnection) -> dict[tuple[str, str], datetime]:
    rows = con.execute(
        """
        with checks as (
            -- a dataset is loaded whole or not at all: a run refreshed it only if every one
            -- of its payloads in that run was loaded or identical to the last loaded one
            select source, dataset, run_id, max(fetched_at) as checked_at
            from ops.payloads
            group by all
            having bool_and(unchanged or loaded)
        )
        select source, dataset, max(checked_at) from checks
        group by all
        union all
        select ?, ?, max(finished_at) from ops.runs
        where status in ('success', 'partial') and json_exists(step_counts, '$.reports')
        having max(finished_at) is not null
        """,
        [sources.INBOX.source, sources.INBOX.dataset],
    ).fetchall()
    return {(source, dataset): last for source, dataset, last in rows}


def source_freshness(
    con: duckdb.DuckDBPyConnection, settings: Settings, now: datetime | None = None
) -> list[SourceFreshness]:
    now = now or datetime.now(UTC)
    last = _last_refreshes(con)
    grace = timedelta(days=settings.stale_grace_days)
    found = []
    for key, cadence in expected_sources(settings).items():
        refreshed = last.get(key)
        age = (now - refreshed) if refreshed else None
        stale = age is None or age > timedelta(days=cadence) + grace
        days = age.total_seconds() / 86400 if age is not None else None
        found.append(SourceFreshness(*key, refreshed, cadence, days, stale))
    return found


def as_frame(freshness: list[SourceFreshness]) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "source": f.source,
                "dataset": f.dataset,
                "last_refreshed": f.last_refreshed,
                "age_days": round(f.age_days, 1) if f.age_days is not None else None,
                "expected_every_days": f.cadence_days,
                "state": f.state,
            }
            for f in freshness
        ],
        columns=[
            "source",
            "dataset",
            "last_refreshed",
            "age_days",
            "expected_every_days",
            "state",
        ],
    )
