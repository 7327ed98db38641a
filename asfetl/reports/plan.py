"""The action plan's activities as the report checks need them: which activity ids exist."""

import csv
from functools import cache

from asfetl.paths import sql_dir


@cache
def activity_ids() -> list[str]:
    """The ids in sql/seeds/plan_activities.csv: an activity follow-up may only name these."""
    with (sql_dir() / "seeds" / "plan_activities.csv").open(encoding="utf-8", newline="") as f:
        return sorted(row["activity_id"].strip() for row in csv.DictReader(f))
