"""The dashboard's words in Swedish and English, and numbers written the way each language does."""

import math
from typing import Any

LANGS = ("sv", "en")

TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Handlingsplanen för arbetsintegrerande sociala företag i siffror",
        "subtitle": "{region}: indikatorer, mål och aktiviteter",
        "language": "Språk",
        "area_label": "Visa kommun",
        "whole_region": "Hela {region} (ingen kommun vald)",
        "sample_banner": (
            "EXEMPELDATA – inte officiell statistik. Den här tavlan bygger helt eller delvis på "
            "exempeldata som följer med asfetl (delvis påhittade). Citera inte siffrorna."
        ),
        "nav": "Innehåll",
        "progress_heading": "Hur går det för planen?",
        "progress_intro": (
            "Varje mål jämför det senaste publicerade värdet med utgångsläget och målet. "
            "I fas = minst lika långt som tiden som gått av planperioden."
        ),
        "activities_heading": "Planens aktiviteter",
        "area_heading": "Kommunen i siffror: {area}",
        "area_intro": "Senast publicerade värde per indikator, jämfört med {region}.",
        "goal_heading": "Delmål {goal}: {name}",
        "context_heading": "Omvärld: befolkning och arbetsmarknad",
        "other_goal_heading": "Delmål {goal}",
        "plan_goal_heading": "Planens genomförande",
        "quality_heading": "Data och kvalitet",
        "freshness_heading": "Källornas aktualitet",
        "validation_heading": "Validering",
        "runs_heading": "Senaste körningar",
        "symbols_heading": "Tecken och begrepp",
        "trend_title": "{name}: {region} {first}–{last}",
        "compare_title": "{name}: kommunerna {year}",
        "progress_title": "Mål i planen: framsteg mot målet",
        "activities_title": "Aktiviteternas status per delmål",
        "table_fallback": "Visa diagrammets data som tabell",
        "unit": "Enhet",
        "source_prefix": "Källa",
        "indicator": "Indikator",
        "area": "Område",
        "year": "År",
        "value": "Värde",
        "rank": "Rang",
        "region_value": "{region} (länet)",
        "selected_area": "Vald kommun",
        "baseline": "Utgångsläge",
        "target": "Mål",
        "latest": "Senast",
        "progress": "Framsteg",
        "expected": "Förväntat nu",
        "status": "Status",
        "progress_axis": "framsteg mot målet, % (0 = utgångsläge, 100 = mål)",
        "activities_axis": "antal aktiviteter",
        "activity": "Aktivitet",
        "owner": "Ansvarig",
        "period": "Period",
        "meetings": "Möten (hållna / planerade)",
        "status_year": "Uppföljt år",
        "source": "Källa",
        "dataset": "Datamängd",
        "last_checked": "Senast kontrollerad",
        "last_changed": "Senast ändrad",
        "sample_col": "Exempeldata",
        "validation_ok": "Inga valideringsfel i körningen som publicerade datan.",
        "severity": "Allvar",
        "rule": "Regel",
        "findings": "Fynd",
        "message": "Beskrivning",
        "run": "Körning",
        "started": "Startad",
        "mode": "Läge",
        "error": "Fel",
        "yes": "ja",
        "no": "nej",
        "built": "Byggd {built} av körning {run} (asfetl {version}).",
        "contract": (
            "Tavlan läser bara de publicerade tabellerna mart.indicator_values, mart.indicators "
            "och planens tabeller – samma som externa tavlor läser."
        ),
        "example_note": (
            "EXEMPEL: målen och aktiviteterna är exempel tills regionen lagt in sina egna."
        ),
        "no_values": "Inga publicerade värden.",
        "plan_source": (
            "Källa: handlingsplanens mål (mart.plan_progress) och publicerade indikatorer"
        ),
        "activities_source": (
            "Källa: handlingsplanens aktiviteter och deras uppföljning (mart.plan_activities)"
        ),
        "note_suppressed_people": (
            "<5 = uppgiften är skyddad: färre än 5 personer (eller skyddad "
            "så att ett sådant antal inte kan räknas fram)."
        ),
        "note_suppressed_other": (
            ".. = uppgiften är skyddad: färre än 3 företag, ett företag "
            "över 85 %, eller byggd på en skyddad uppgift."
        ),
        "note_missing": "– = uppgift saknas hos källan för det året.",
        "note_preliminary": (
            "prel. = preliminärt: bygger på den senaste publicerade folkmängden, inte årets."
        ),
        "suppressed_hover": "uppgiften är skyddad",
        "missing_hover": "uppgift saknas",
        "preliminary_hover": "preliminärt värde",
        "no_compare": "Inga kommunvärden att jämföra.",
    },
    "en": {
        "title": "The action plan for work-integrating social enterprises in figures",
        "subtitle": "{region}: indicators, targets and activities",
        "language": "Language",
        "area_label": "Show municipality",
        "whole_region": "All of {region} (no municipality chosen)",
        "sample_banner": (
            "SAMPLE DATA – not official statistics. This dashboard is built wholly or partly from "
            "the sample data shipped with asfetl (partly synthetic). Do not quote these figures."
        ),
        "nav": "Contents",
        "progress_heading": "How is the plan doing?",
        "progress_intro": (
            "Each target compares the latest published value with the baseline and the target. "
            "On track = at least as far as the share of the plan period that has passed."
        ),
        "activities_heading": "The plan's activities",
        "area_heading": "The municipality in figures: {area}",
        "area_intro": "Latest published value per indicator, compared with {region}.",
        "goal_heading": "Sub-goal {goal}: {name}",
        "context_heading": "Context: population and labour market",
        "other_goal_heading": "Sub-goal {goal}",
        "plan_goal_heading": "Carrying out the plan",
        "quality_heading": "Data and quality",
        "freshness_heading": "Freshness of the sources",
        "validation_heading": "Validation",
        "runs_heading": "Latest runs",
        "symbols_heading": "Symbols and terms",
        "trend_title": "{name}: {region} {first}–{last}",
        "compare_title": "{name}: the municipalities in {year}",
        "progress_title": "Targets of the plan: progress towards each target",
        "activities_title": "Status of the activities per sub-goal",
        "table_fallback": "Show the chart's data as a table",
        "unit": "Unit",
        "source_prefix": "Source",
        "indicator": "Indicator",
        "area": "Area",
        "year": "Year",
        "value": "Value",
        "rank": "Rank",
        "region_value": "{region} (county)",
        "selected_area": "Chosen municipality",
        "baseline": "Baseline",
        "target": "Target",
        "latest": "Latest",
        "progress": "Progress",
        "expected": "Expected by now",
        "status": "Status",
        "progress_axis": "progress towards the target, % (0 = baseline, 100 = target)",
        "activities_axis": "number of activities",
        "activity": "Activity",
        "owner": "Responsible",
        "period": "Period",
        "meetings": "Meetings (held / planned)",
        "status_year": "Year followed up",
        "source": "Source",
        "dataset": "Dataset",
        "last_checked": "Last checked",
        "last_changed": "Last changed",
        "sample_col": "Sample data",
        "validation_ok": "No validation errors in the run that published the data.",
        "severity": "Severity",
        "rule": "Rule",
        "findings": "Findings",
        "message": "Description",
        "run": "Run",
        "started": "Started",
        "mode": "Mode",
        "error": "Error",
        "yes": "yes",
        "no": "no",
        "built": "Built {built} by run {run} (asfetl {version}).",
        "contract": (
            "This dashboard reads only the published tables mart.indicator_values, "
            "mart.indicators and the plan's tables – the same ones external dashboards read."
        ),
        "example_note": (
            "EXAMPLE: the targets and activities are examples until the region enters its own."
        ),
        "no_values": "No published values.",
        "plan_source": (
            "Source: the action plan's targets (mart.plan_progress) and published indicators"
        ),
        "activities_source": (
            "Source: the action plan's activities and their follow-up (mart.plan_activities)"
        ),
        "note_suppressed_people": (
            "<5 = suppressed: fewer than 5 people (or hidden so "
            "that such a count cannot be worked out)."
        ),
        "note_suppressed_other": (
            ".. = suppressed: fewer than 3 enterprises, one enterprise "
            "above 85 %, or built on a suppressed figure."
        ),
        "note_missing": "– = the source has no value for that year.",
        "note_preliminary": (
            "prel. = preliminary: built on the latest published population, not that year's."
        ),
        "suppressed_hover": "suppressed",
        "missing_hover": "no value",
        "preliminary_hover": "preliminary value",
        "no_compare": "No municipal values to compare.",
    },
}

PLAN_STATUS = {
    "sv": {"achieved": "uppnått", "on_track": "i fas", "behind": "efter", "no_data": "inga data"},
    "en": {
        "achieved": "achieved",
        "on_track": "on track",
        "behind": "behind",
        "no_data": "no data",
    },
}

ACTIVITY_STATUS = {
    "sv": {
        "completed": "genomförd",
        "started": "påbörjad",
        "not_started": "inte påbörjad",
        "cancelled": "inställd",
        "no_report": "ingen uppföljning rapporterad",
    },
    "en": {
        "completed": "completed",
        "started": "started",
        "not_started": "not started",
        "cancelled": "cancelled",
        "no_report": "no follow-up reported",
    },
}

RUN_STATUS = {
    "sv": {"success": "lyckad", "partial": "delvis", "failed": "misslyckad", "running": "pågår"},
    "en": {"success": "success", "partial": "partial", "failed": "failed", "running": "running"},
}


def t(lang: str, key: str, **values: Any) -> str:
    text = TEXTS[lang][key]
    return text.format(**values) if values else text


def unit_text(unit: str, lang: str) -> str:
    """The catalogue writes units as 'svenska / English' ('%' needs no translation)."""
    parts = [part.strip() for part in unit.split(" / ")]
    if len(parts) == 2:
        return parts[0] if lang == "sv" else parts[1]
    return unit


def source_text(source: str, lang: str) -> str:
    """Sources are stored as 'Källa: …'; the English page says 'Source: …'."""
    if lang == "en" and source.startswith("Källa:"):
        return "Source:" + source[len("Källa:") :]
    return source


def is_people(unit: str) -> bool:
    return unit.startswith("personer")


def is_rate(unit: str) -> bool:
    """Rates and shares can be set beside the county's; counts add up to it instead."""
    return "%" in unit or unit.startswith("per ")


def symbol(status: str, unit: str) -> str:
    """The mark shown instead of a value that is not published (as `asfetl indicators` shows it)."""
    if status == "suppressed":
        return "<5" if is_people(unit) else ".."
    return "–"


def number(value: Any, unit: str, lang: str) -> str:
    """A value in the language's notation: 1 234,5 in Swedish, 1,234.5 in English."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    value = float(value)
    if "%" in unit:
        decimals = 1
    elif value.is_integer() or abs(value) >= 1000:
        decimals = 0
    else:
        decimals = 2
    text = f"{value:,.{decimals}f}"
    if lang == "sv":
        text = text.replace(",", " ").replace(".", ",")  # narrow no-break space
    return text.replace("-", "−")


def cell(value: Any, status: str, unit: str, lang: str) -> str:
    """A value as a table shows it: a number, a protection mark, or – when missing."""
    if status in ("suppressed", "missing") or value is None:
        return symbol(status, unit)
    if isinstance(value, float) and math.isnan(value):
        return symbol(status, unit)
    text = number(value, unit, lang)
    return f"{text} prel." if status == "preliminary" else text
