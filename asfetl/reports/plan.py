"""The action plan's activities as the report checks need them: which activity ids exist."""

import csv
from functools import cache

from asfetl.paths import sql_dir


@cache
def activities() -> tuple[dict[str, str], ...]:
    """The rows of sql/seeds/plan_activities.csv, as text (the file the models load too)."""
    with (sql_dir() / "seeds" / "plan_activities.csv").open(encoding="utf-8", newline="") as f:
        return tuple(csv.DictReader(f))


def activity_ids() -> list[str]:
    """The plan's activity ids: an activity follow-up may only name these."""
    return sorted(row["activity_id"].strip() for row in activities())
