"""`asfetl plan check`: every finding in a plan folder, and the run's refusal of an invalid plan."""

import csv
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from asfetl import geography
from asfetl.errors import SettingsError
from asfetl.findings import Finding, HasFindings
from asfetl.paths import sql_dir
from asfetl.plan.activities import activity_id
from asfetl.plan.columns import ACTIVITIES, PLAN_FILES, SUBGOALS, TARGETS, PlanFile
from asfetl.plan.folder import Table, plan_folder, read_plan
from asfetl.plan.messages import finding_line, plan_finding

log = logging.getLogger(__name__)
NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")
WHOLE = re.compile(r"[+-]?\d+")
TRUTH = {"true", "false"}
UNREADABLE = {"missing": "file_missing", "not_utf8": "file_not_utf8", "no_header": "no_header"}
KEY_WORDS = {  # what a duplicate key is, in words: (English, Swedish)
    "subgoal_id": ("the sub-goal id", "delmålets id"),
    "activity_id": ("the activity id", "aktivitetens id"),
    "indicator_id": ("a target for this indicator and area", "ett mål för denna indikator och område"),
}  # fmt: skip


@dataclass
class PlanCheck(HasFindings):
    """What was found in one plan folder, and what the plan holds."""

    folder: Path
    findings: list[Finding] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)  # rows per file
    period: tuple[int, int] | None = None  # the activities' first and last year

    def summary(self, lang: str = "en") -> str:
        """'4 sub-goals, 18 activities, 9 targets; plan period 2022–2025; 0 errors, 0 warnings'."""
        c = [self.counts.get(f.name, 0) for f in (SUBGOALS, ACTIVITIES, TARGETS)]
        e, w = len(self.errors), len(self.warnings)
        if lang == "sv":
            period = f"{self.period[0]}–{self.period[1]}" if self.period else "okänd"
            return (
                f"{c[0]} delmål, {c[1]} {'aktivitet' if c[1] == 1 else 'aktiviteter'}, {c[2]} mål; "
                f"planperiod {period}; {e} fel, {w} {'varning' if w == 1 else 'varningar'}"
            )
        period = f"{self.period[0]}–{self.period[1]}" if self.period else "unknown"
        return (
            f"{_n(c[0], 'sub-goal')}, {_n(c[1], 'activity', 'activities')}, {_n(c[2], 'target')}; "
            f"plan period {period}; {_n(e, 'error')}, {_n(w, 'warning')}"
        )


def _n(count: int, one: str, many: str | None = None) -> str:
    """'1 error', '2 errors'."""
    return f"{count} {one if count == 1 else many or one + 's'}"


@cache
def catalogue() -> dict[str, bool]:
    """The indicator catalogue's ids and whether each is published (sql/seeds/indicators.csv)."""
    with (sql_dir() / "seeds" / "indicators.csv").open(encoding="utf-8", newline="") as f:
        return {r["indicator_id"]: r["published"].strip() != "false" for r in csv.DictReader(f)}


def check_plan(plan_dir: Path | None, region: str | None = None) -> PlanCheck:
    """Every finding in the plan folder (None: the shipped example). With `region`, a target for
    an area outside it is a warning: the run leaves it out."""
    tables = read_plan(plan_dir)
    check = PlanCheck(plan_folder(plan_dir))
    for plan_file in PLAN_FILES:
        table = tables[plan_file.name]
        check.counts[plan_file.name] = len(table.rows)
        check.findings += _file_findings(plan_file, table)
    subgoals = {cells.get("subgoal_id", "").strip() for _, cells in tables[SUBGOALS.name].rows}
    check.findings += _activity_findings(tables[ACTIVITIES.name], subgoals)
    check.period = _period(tables[ACTIVITIES.name])
    check.findings += _target_findings(tables[TARGETS.name], check.period, region)
    return check


def _file_findings(plan_file: PlanFile, table: Table) -> list[Finding]:
    """The rules of one file alone: readable, its columns, each value's form, unique keys."""
    name = plan_file.name
    if table.problem:
        return [plan_finding(name, UNREADABLE[table.problem])]
    found = []
    known = [c.name for c in plan_file.columns]
    for column in dict.fromkeys(table.header):
        if table.header.count(column) > 1:
            found.append(plan_finding(name, "column_twice", row=1, column=column))
        if column not in known:
            found.append(
                plan_finding(name, "column_unknown", row=1, column=column, known=", ".join(known))
            )
    for column in plan_file.columns:
        if column.required and column.name not in table.header:
            found.append(plan_finding(name, "column_missing", row=1, column=column.name))
    if not table.rows:
        if plan_file is TARGETS:
            return [*found, plan_finding(name, "no_targets", severity="warning")]
        return [*found, plan_finding(name, "no_rows")]
    for line, cells in table.overlong:
        found.append(plan_finding(name, "too_many_cells", row=line, cells=cells,
                                  columns=len(table.header)))  # fmt: skip

    seen: dict[tuple[str, ...], int] = {}
    for line, cells in table.rows:
        for column in plan_file.columns:
            if column.name in cells:
                found += _value_findings(name, line, column.name, column.kind, column.blank_ok,
                                         cells[column.name])  # fmt: skip
        key = tuple(cells.get(k, "").strip() for k in plan_file.key)
        if all(key) and key in seen:
            en, sv = KEY_WORDS[plan_file.key[0]]
            found.append(
                plan_finding(name, "duplicate", row=line, column=plan_file.key[0],
                             value=", ".join(key), what=en.capitalize(), what_sv=sv.capitalize(),
                             first=seen[key])
            )  # fmt: skip
        seen.setdefault(key, line)
    return found


def _value_findings(
    file: str, line: int, column: str, kind: str, blank_ok: bool, raw: str
) -> list[Finding]:
    """One cell against its column's kind."""
    text = raw.strip()
    where = {"row": line, "column": column, "value": text}
    if not text:
        return [] if blank_ok else [plan_finding(file, "blank", **where)]
    if kind == "year" and not (WHOLE.fullmatch(text) and 1900 <= int(text) <= 2100):
        return [plan_finding(file, "not_year", **where)]
    if kind in ("subgoal", "count") and not (WHOLE.fullmatch(text) and int(text) >= 0):
        return [plan_finding(file, "not_whole_number", **where)]
    if kind == "number" and not NUMBER.fullmatch(text):
        return [plan_finding(file, "not_number", **where)]
    if kind == "boolean" and text.lower() not in TRUTH:
        return [plan_finding(file, "not_boolean", **where)]
    if kind == "id" and (activity_id(text) != text or re.search(r"[,;\"\s]", text)):
        expected = activity_id(text) if activity_id(text) != text else re.sub(r"[,;\"\s]", "", text)
        return [plan_finding(file, "bad_activity_id", expected=expected, **where)]
    if kind == "area" and text not in geography.all_areas():
        return [plan_finding(file, "unknown_area", **where)]
    if kind == "indicator" and text not in catalogue():
        return [plan_finding(file, "unknown_indicator", **where)]
    if kind == "indicator" and not catalogue()[text]:
        return [plan_finding(file, "unpublished_indicator", **where)]
    return []


def _year(cells: dict[str, str], column: str) -> int | None:
    text = cells.get(column, "").strip()
    return int(text) if WHOLE.fullmatch(text) and 1900 <= int(text) <= 2100 else None


def _activity_findings(table: Table, subgoals: set[str]) -> list[Finding]:
    """Across files and columns: a known sub-goal, first_year not after last_year."""
    found = []
    for line, cells in table.rows:
        subgoal = cells.get("subgoal_id", "").strip()
        if subgoal and WHOLE.fullmatch(subgoal) and subgoals and subgoal not in subgoals:
            found.append(plan_finding(ACTIVITIES.name, "unknown_subgoal", row=line,
                                      column="subgoal_id", value=subgoal))  # fmt: skip
        first, last = _year(cells, "first_year"), _year(cells, "last_year")
        if first is not None and last is not None and first > last:
            found.append(plan_finding(ACTIVITIES.name, "first_after_last", row=line,
                                      column="first_year", value=str(first), first=first,
                                      last=last))  # fmt: skip
    return found


def _period(table: Table) -> tuple[int, int] | None:
    """The plan's period: its activities' earliest first_year and latest last_year (as the
    marts work it out: plan_start_year, plan_end_year)."""
    firsts = [y for _, c in table.rows if (y := _year(c, "first_year")) is not None]
    lasts = [y for _, c in table.rows if (y := _year(c, "last_year")) is not None]
    return (min(firsts), max(lasts)) if firsts and lasts else None


def _target_findings(
    table: Table, period: tuple[int, int] | None, region: str | None
) -> list[Finding]:
    """Targets within the plan's period, baselines before them, areas inside the region."""
    found = []
    areas = {a.code for a in geography.region_areas(region)} if region else None
    for line, cells in table.rows:
        baseline, target = _year(cells, "baseline_year"), _year(cells, "target_year")
        if period and target is not None and not period[0] <= target <= period[1]:
            found.append(plan_finding(TARGETS.name, "target_outside_period", row=line,
                                      column="target_year", value=str(target), start=period[0],
                                      end=period[1]))  # fmt: skip
        if period and baseline is not None and baseline > period[1]:
            found.append(plan_finding(TARGETS.name, "baseline_outside_period", row=line,
                                      column="baseline_year", value=str(baseline),
                                      start=period[0], end=period[1]))  # fmt: skip
        elif baseline is not None and target is not None and baseline >= target:
            found.append(plan_finding(TARGETS.name, "baseline_not_before_target", row=line,
                                      column="baseline_year", value=str(baseline),
                                      target=target))  # fmt: skip
        area = cells.get("area_code", "").strip()
        if areas is not None and area in geography.all_areas() and area not in areas:
            found.append(plan_finding(TARGETS.name, "area_outside_region", row=line,
                                      column="area_code", value=area, severity="warning",
                                      region=region))  # fmt: skip
    return found


def require_valid(plan_dir: Path | None, region: str | None = None, warn: bool = True) -> None:
    """Stop a run before it loads anything when ASFETL_PLAN_DIR names no folder or a plan with
    errors: one sentence, pointing at `asfetl plan check`. Warnings are logged (`warn`)."""
    if plan_dir is None:
        return  # the shipped example, checked by the test suite
    shown = str(plan_dir)
    if not Path(plan_dir).is_dir():
        raise SettingsError(
            f"ASFETL_PLAN_DIR={shown!r} is not a folder; point it at your plan's folder "
            "(`asfetl plan template --out DIR` writes a blank one)."
        )
    check = check_plan(plan_dir, region)
    for warning in check.warnings if warn else []:
        log.warning("The plan in ASFETL_PLAN_DIR: %s", finding_line(warning, tag=False))
    errors = check.errors
    if errors:
        raise SettingsError(
            f"ASFETL_PLAN_DIR={shown!r} holds a plan with {len(errors)} "
            f"error{'s' if len(errors) > 1 else ''} (first: {finding_line(errors[0], tag=False)}); "
            f"run `asfetl plan check {shown}` to see them all."
        )
