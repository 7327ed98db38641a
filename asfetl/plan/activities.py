"""The plan's activities as the follow-up checks need them: which activity ids exist, per folder."""

import re
from functools import cache
from pathlib import Path

from asfetl.plan.columns import ACTIVITIES
from asfetl.plan.folder import plan_folder, read_table


def activities(plan_dir: Path | None = None) -> tuple[dict[str, str], ...]:
    """The rows of the plan's plan_activities.csv, as text (the file the models load too)."""
    path = plan_folder(plan_dir) / ACTIVITIES.name
    try:
        stat = path.stat()
        signature = (stat.st_mtime_ns, stat.st_size)
    except OSError:
        signature = None
    return _activities(path.resolve(), signature)


@cache
def _activities(path: Path, signature: tuple[int, int] | None) -> tuple[dict[str, str], ...]:
    # cached per file and version: a folder edited between two checks is read again
    return tuple(cells for _, cells in read_table(path).rows)


def activity_ids(plan_dir: Path | None = None) -> list[str]:
    """The plan's activity ids: an activity follow-up may only name these."""
    return sorted(
        row["activity_id"].strip() for row in activities(plan_dir) if "activity_id" in row
    )


def activity_id(text: str) -> str:
    """'a7', 'A 07', 'A07' → 'A07': the plan's ids are a letter and two digits."""
    cleaned = re.sub(r"\s+", "", text).upper()
    match = re.fullmatch(r"([A-Z])0*([0-9]{1,2})", cleaned)
    return f"{match.group(1)}{int(match.group(2)):02d}" if match else text.strip()
