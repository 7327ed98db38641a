"""Small plan folders written by the tests: a valid one of our own, and one changed per rule."""

import csv
from pathlib import Path

# A made-up plan of Örebro län, not the shipped example: other sub-goals, three activities and
# four targets, none of them marked as an example (the is_example columns are left out).
SUBGOALS = [
    ["subgoal_id", "name_sv", "name_en"],
    ["1", "Fler företag", "More enterprises"],
    ["2", "Samverkan", "Cooperation"],
]
ACTIVITIES = [
    ["activity_id", "subgoal_id", "name_sv", "name_en", "owner", "first_year", "last_year",
     "meetings_planned_per_year"],
    ["B01", "1", "Rådgivning för nya företag", "Advice for new enterprises", "Länsstyrelsen",
     "2022", "2023", ""],
    ["B02", "2", "Samverkansgrupp", "Cooperation group", "Regionen", "2023", "2025", "4"],
    ["B03", "2", "Upphandlingsdag", "Procurement day", "", "2024", "2024", ""],
]  # fmt: skip
TARGETS = [
    ["indicator_id", "area_code", "baseline_year", "baseline_value", "target_year",
     "target_value", "note"],
    ["population", "18", "2023", "", "2025", "310000", "blank baseline: the published 2023"],
    ["population", "1880", "2023", "159000", "2025", "161500", ""],
    ["plan_activities_completed", "18", "2022", "0", "2025", "4", ""],
    ["cross_sector_meetings", "18", "2022", "2", "2025", "6", ""],
]  # fmt: skip
OWN_PLAN = {
    "plan_subgoals.csv": SUBGOALS,
    "plan_activities.csv": ACTIVITIES,
    "plan_targets.csv": TARGETS,
}


def write_csv(path: Path, rows: list[list[str]], delimiter: str = ",", bom: bool = False) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8-sig" if bom else "utf-8", newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)
    return path


def write_plan(folder: Path, **changed: list[list[str]]) -> Path:
    """Our own plan in `folder`, with any file replaced: write_plan(f, plan_targets=[...])."""
    for name, rows in OWN_PLAN.items():
        write_csv(folder / name, changed.get(name.removesuffix(".csv"), rows))
    return folder


def with_row(rows: list[list[str]], index: int, **cells: str) -> list[list[str]]:
    """`rows` with cells of data row `index` (1 = the first under the header) changed by name."""
    header = rows[0]
    changed = [list(r) for r in rows]
    for name, value in cells.items():
        changed[index][header.index(name)] = value
    return changed
