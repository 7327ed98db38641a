"""The plan check's rules in plain words, in English and Swedish, one entry per rule."""

from asfetl.findings import Finding

DATASET = "plan"

# rule → (English, Swedish); {placeholders} are filled from the finding's details.
MESSAGES = {
    "file_missing": (
        "the file is missing: a plan folder holds plan_subgoals.csv, plan_activities.csv and "
        "plan_targets.csv (`asfetl plan template` writes them)",
        "filen saknas: en planmapp har plan_subgoals.csv, plan_activities.csv och "
        "plan_targets.csv (`asfetl plan template` skriver dem)",
    ),
    "file_not_utf8": (
        "the file is not UTF-8 text; save it as CSV UTF-8",
        "filen är inte UTF-8-text; spara den som CSV UTF-8",
    ),
    "no_header": (
        "the file has no header row; keep the column names in its first row",
        "filen saknar rubrikrad; behåll kolumnnamnen på första raden",
    ),
    "column_missing": (
        "the required column {column} is missing from the header row",
        "den obligatoriska kolumnen {column} saknas i rubrikraden",
    ),
    "column_unknown": (
        "the column {column} is not a column of this file; correct its name or remove it "
        "(known: {known})",
        "kolumnen {column} hör inte till filen; rätta namnet eller ta bort den (kända: {known})",
    ),
    "column_twice": (
        "the column {column} is in the header row twice",
        "kolumnen {column} står två gånger i rubrikraden",
    ),
    "no_rows": (
        "the file has no rows: the plan needs at least one",
        "filen har inga rader: planen behöver minst en",
    ),
    "no_targets": (
        "the plan has no targets: mart.plan_progress will be empty",
        "planen har inga mål: mart.plan_progress blir tom",
    ),
    "too_many_cells": (
        "the row has {cells} cells but the header {columns}: a value holding a comma or "
        "semicolon must be in double quotes",
        "raden har {cells} celler men rubrikraden {columns}: ett värde med komma eller semikolon "
        "ska stå inom citattecken",
    ),
    "blank": ("the value is empty; fill it in", "värdet är tomt; fyll i det"),
    "not_whole_number": (
        "the value is not a whole number",
        "värdet är inte ett heltal",
    ),
    "not_year": (
        "the value is not a year (four digits, 1900–2100)",
        "värdet är inte ett årtal (fyra siffror, 1900–2100)",
    ),
    "not_number": (
        "the value is not a number; write decimals with a point, e.g. 4.5, without spaces",
        "värdet är inte ett tal; skriv decimaler med punkt, t.ex. 4.5, utan mellanslag",
    ),
    "not_boolean": (
        "the value must be true, false or empty",
        "värdet ska vara true, false eller tomt",
    ),
    "bad_activity_id": (
        "the activity id must be written as the follow-ups will write it: {expected}",
        "aktivitetens id ska skrivas som uppföljningarna skriver det: {expected}",
    ),
    "duplicate": (
        "{what} is already on row {first}: each must be unique",
        "{what_sv} finns redan på rad {first}: varje ska vara unik",
    ),
    "unknown_subgoal": (
        "the sub-goal is not in plan_subgoals.csv",
        "delmålet finns inte i plan_subgoals.csv",
    ),
    "first_after_last": (
        "first_year {first} is after last_year {last}",
        "first_year {first} är efter last_year {last}",
    ),
    "unknown_indicator": (
        "the indicator id is not in the catalogue (sql/seeds/indicators.csv, `asfetl indicators`)",
        "indikatorns id finns inte i katalogen (sql/seeds/indicators.csv, `asfetl indicators`)",
    ),
    "unpublished_indicator": (
        "the indicator is only a part of a ratio and is never published; set the target on "
        "the ratio",
        "indikatorn är bara en del av en kvot och publiceras aldrig; sätt målet på kvoten",
    ),
    "unknown_area": (
        "the area code is not one of SCB's county or municipality codes (e.g. 18, 1880)",
        "områdeskoden är inte en av SCB:s läns- eller kommunkoder (t.ex. 18, 1880)",
    ),
    "area_outside_region": (
        "the area is outside the region {region} (ASFETL_REGION): its target is not published",
        "området ligger utanför regionen {region} (ASFETL_REGION): målet publiceras inte",
    ),
    "target_outside_period": (
        "target_year is outside the plan's period {start}–{end} (its activities' years)",
        "target_year ligger utanför planperioden {start}–{end} (aktiviteternas år)",
    ),
    "baseline_outside_period": (
        "baseline_year is after the plan's period {start}–{end} ends",
        "baseline_year ligger efter planperioden {start}–{end}",
    ),
    "baseline_not_before_target": (
        "baseline_year must be before target_year {target}",
        "baseline_year måste vara före target_year {target}",
    ),
}


def plan_finding(
    file: str,
    rule: str,
    row: int | None = None,
    column: str | None = None,
    value: str | None = None,
    severity: str = "error",
    **details: object,
) -> Finding:
    """A finding of the plan check, in both languages."""
    en, sv = MESSAGES[rule]
    details.setdefault("column", column)
    return Finding(
        DATASET, file, row, column, rule, value, en.format(**details), severity,
        message_sv=sv.format(**details),
    )  # fmt: skip


TEXT = {
    "sv": {"row": "rad", "column": "kolumn", "value": "värde", "error": "fel",
           "warning": "varning"},
    "en": {"row": "row", "column": "column", "value": "value", "error": "error",
           "warning": "warning"},
}  # fmt: skip


def finding_line(finding: Finding, lang: str = "en", tag: bool = True) -> str:
    """'error: plan_targets.csv, row 4, column target_year: … (value: 2031) [rule]'."""
    t = TEXT[lang]
    where = finding.file
    where += f", {t['row']} {finding.row}" if finding.row is not None else ""
    where += f", {t['column']} {finding.column}" if finding.column else ""
    message = (finding.message_sv or finding.message) if lang == "sv" else finding.message
    shown = f" ({t['value']}: {finding.value})" if finding.value not in (None, "") else ""
    line = f"{where}: {message}{shown} [{finding.rule}]"
    return f"{t[finding.severity]}: {line}" if tag else line
