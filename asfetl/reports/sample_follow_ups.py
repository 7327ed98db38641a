"""Sample activity follow-ups for the plan's (example) activities: deterministic, marked EXEMPEL.

The status of each activity follows its years in the plan's plan_activities.csv: not started before
its first year, started from then, completed in its last year. The cross-sector group (the
activities with planned meetings) held 4, 6 and 5 meetings in 2022–2024. Two files, as activity
owners would send them: Swedish Excel's CSV for the first years, JSON with English keys for the last.
"""

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path

from asfetl.plan.activities import activities
from asfetl.reports.activity_schema import COLUMNS

SAMPLE_MEETINGS = {2022: 4, 2023: 6, 2024: 5}
FILE_STEM = "aktivitetsuppfoljning_EXEMPEL"


def sample_follow_ups(
    years: Sequence[int] = (2022, 2023, 2024), plan_dir: Path | None = None
) -> list[dict[str, object]]:
    """One row per activity of the plan (ASFETL_PLAN_DIR; None: the shipped example) and year
    within the sample years, keyed by canonical column."""
    rows = []
    for year in years:
        for activity in activities(plan_dir):
            first, last = int(activity["first_year"]), int(activity["last_year"])
            if year > last:
                continue  # finished: no more follow-ups
            status = "ej_paborjad" if year < first else "avslutad" if year == last else "paborjad"
            planned = (activity.get("meetings_planned_per_year") or "").strip()
            meetings = SAMPLE_MEETINGS.get(year) if planned and status != "ej_paborjad" else None
            rows.append(
                {
                    "aktivitet": activity["activity_id"],
                    "ar": year,
                    "status": status,
                    "moten_genomforda": meetings,
                    "kommentar": f"EXEMPEL: uppföljning {year}",
                }
            )
    return rows


def write_sample_follow_ups(
    folder: Path, years: Sequence[int] = (2022, 2023, 2024), plan_dir: Path | None = None
) -> list[Path]:
    """All years but the last in a semicolon CSV with Swedish headers; the last year in JSON."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = sample_follow_ups(years, plan_dir)
    early = [r for r in rows if r["ar"] != max(years)]
    late = [r for r in rows if r["ar"] == max(years)]
    names = [c.name for c in COLUMNS]
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow([c.label_sv for c in COLUMNS])  # 'Aktivitet', 'År', 'Möten genomförda', …
    writer.writerows([["" if r[n] is None else r[n] for n in names] for r in early])
    csv_path = folder / f"{FILE_STEM}_{min(years)}-{max(years) - 1}.csv"
    csv_path.write_bytes(buffer.getvalue().encode("utf-8-sig"))
    json_path = folder / f"{FILE_STEM}_{max(years)}.json"
    document = [{c.alias: r[c.name] for c in COLUMNS} for r in late]
    json_path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", "utf-8")
    return [csv_path, json_path]
