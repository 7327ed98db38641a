"""The activity follow-up's documentation for activity owners and analysts, made from its schema."""

from asfetl.reports.activity_schema import COLUMNS, STATUS_LABELS
from asfetl.reports.docs import columns_table

SECTIONS = {
    "sv": {
        "title": "## Svenska: så fyller du i aktivitetsuppföljningen",
        "intro": [
            "Varje aktivitet i handlingsplanen följs upp en gång per år: en rad per aktivitet "
            "och år. Filen lämnas i samma inkorg som företagens årsrapporter; rubrikraden avgör "
            "vilken sorts fil det är. En mall skapas med "
            "`asfetl reports template --kind activity`, och en fil kan provas med "
            "`asfetl reports check FIL`.",
            "",
            "En fil godtas eller avvisas i sin helhet. En senare uppföljning av samma aktivitet "
            "och år ersätter den tidigare (historiken sparas). Skriv aldrig personuppgifter: en "
            "fil med ett personnummer avvisas.",
        ],
        "columns": "### Kolumner",
        "table": "Kolumn|Engelskt namn|Betydelse|Typ|Beskrivning|Exempel|Regel",
        "statuses": "### Status",
        "what": "### Vad uppföljningen används till",
        "what_lines": [
            "- `plan_activities_started`: antal av planens aktiviteter som påbörjats (eller "
            "avslutats) det året eller tidigare.",
            "- `plan_activities_completed`: antal aktiviteter som avslutats det året eller tidigare.",
            "- `cross_sector_meetings`: möten som samverkansgruppen höll under året (aktiviteter "
            "med `meetings_planned_per_year` i planens `plan_activities.csv`, se "
            "[plan.md](plan.md); exempelplanen anger sex per år).",
            "- `mart.plan_activities` visar varje aktivitets senaste status och "
            "`mart.activity_follow_ups` hela historiken per år.",
        ],
    },
    "en": {
        "title": "## English: how to fill in the activity follow-up",
        "intro": [
            "Each activity of the action plan is followed up once a year: one row per activity "
            "and year. The file goes into the same inbox as the enterprises' yearly reports; "
            "the header row tells which kind of file it is. "
            "`asfetl reports template --kind activity` writes a template, and "
            "`asfetl reports check FILE` tries a file.",
            "",
            "A file is accepted or rejected as a whole. A later follow-up of the same activity and "
            "year replaces the earlier one (history is kept). Never write personal data: a file "
            "with a personal identity number is rejected.",
        ],
        "columns": "### Columns",
        "table": "Column|Alias|Meaning|Type|Description|Example|Rule",
        "statuses": "### Status",
        "what": "### What the follow-up is used for",
        "what_lines": [
            "- `plan_activities_started`: the plan's activities started (or completed) in that "
            "year or before.",
            "- `plan_activities_completed`: activities completed in that year or before.",
            "- `cross_sector_meetings`: meetings the cross-sector group held during the year "
            "(activities with `meetings_planned_per_year` in the plan's `plan_activities.csv`, "
            "see [plan.md](plan.md); the example plan sets six a year).",
            "- `mart.plan_activities` shows each activity's latest status and "
            "`mart.activity_follow_ups` the whole history per year.",
        ],
    },
}


def _section(lang: str) -> list[str]:
    text = SECTIONS[lang]
    lines = [text["title"], "", *text["intro"], "", text["columns"], ""]
    lines += columns_table(COLUMNS, text["table"], lang)
    lines += ["", text["statuses"], ""]
    position = 0 if lang == "sv" else 1
    lines += [f"- `{code}`: {words[position]}" for code, words in STATUS_LABELS.items()]
    lines += ["", text["what"], "", *text["what_lines"], ""]
    return lines


def render_markdown() -> str:
    """The whole document; docs/activity_report.md is exactly this (a test compares them)."""
    lines = [
        "# The activity follow-up / Uppföljning av planens aktiviteter",
        "",
        "Generated from `asfetl/reports/activity_schema.py` by `scripts/make_report_docs.py`; "
        "do not edit.",
        "",
    ]
    for lang in SECTIONS:
        lines += _section(lang)
    return "\n".join(lines)
