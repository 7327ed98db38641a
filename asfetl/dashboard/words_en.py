"""The dashboard's words in English: the same keys as words_sv, every one translated."""

WORDS: dict[str, str] = {
    "title": "The action plan for work-integrating social enterprises in figures",
    "subtitle": "{region}: indicators, targets and activities",
    "language": "Language",
    "area_label": "Show municipality",
    "whole_region": "All of {region} (no municipality chosen)",
    "sample_banner": (
        "SAMPLE DATA – not official statistics. This dashboard is built wholly or partly from "
        "the sample data shipped with asfetl (partly synthetic). Do not quote these figures."
    ),
    "sample_short": "SAMPLE DATA",
    "sample_short_rest": " – not official statistics",
    "nav": "Contents",
    "controls": "Choice of municipality and language",
    "skip": "Skip to the contents",
    "progress_heading": "How is the plan doing?",
    "progress_intro": (
        "Each target compares the latest published value with the baseline and the target. "
        "On track = at least as far as the share of the plan period that has passed."
    ),
    "area_heading": "The municipality in figures: {area}",
    "area_intro": "Latest published value per indicator, compared with {region}.",
    "goal_heading": "Sub-goal {goal}: {name}",
    "context_heading": "Context: population and labour market",
    "other_goal_heading": "Sub-goal {goal}",
    "plan_goal_heading": "Carrying out the plan",
    "quality_heading": "Data and quality",
    "freshness_heading": "Freshness of the sources",
    "validation_heading": "Checks of the data",
    "runs_heading": "Latest runs",
    "symbols_heading": "Symbols and terms",
    "trend_title": "{name}: {region} {first}–{last}",
    "no_region_values": "{region}: no value –<br>the source does not publish it<br>for the county. "
    "Choose a municipality.",
    "compare_title": "{name}: the municipalities in {year}",
    "overdue_reports": "{year}: {received} of {expected} expected reports, due {due}",
    "newer_preliminary": "{year}: preliminary",
    "newer_preliminary_coverage": "{year}: preliminary, {coverage} of the expected reports in",
    "newer_preliminary_counts": (
        "{year}: preliminary, {received} of {expected} expected reports in ({coverage})"
    ),
    "progress_title": "Targets of the plan: progress towards each target",
    "activities_title": "Status of the activities per sub-goal",
    "table_fallback": "Show the chart's data as a table",
    "download": "Save the chart as an image (PNG)",
    "unit": "Unit",
    "indicator": "Indicator",
    "area": "Area",
    "year": "Year",
    "value": "Value",
    "rank": "Rank",
    "region_value": "{region} (county)",
    "baseline": "Baseline",
    "target": "Target",
    "latest": "Latest",
    "progress": "Progress",
    "expected": "Expected by the latest final year",
    "expected_hover": "expected by {year}",
    "progress_title_over": "Targets of the plan {start}–{end}: the period is over",
    "period_over": (
        "The plan's period {start}–{end} is over. Each target is judged on the value of its "
        "target year once that year is final; until then the last final year's value is shown "
        "beside it."
    ),
    "status_judged": "{status} in {year}",
    "status_pace": "{status} ({year})",
    "not_final_coverage": "target year {year} not yet final (coverage {coverage} %)",
    "not_final_plain": "target year {year} not yet final",
    "last_final": "{year}: {value}",
    "break_mark": "series break {year}",
    "status": "Status",
    "subgoal": "Sub-goal {goal}: {name}",
    "progress_axis": "progress towards the target, % (0 = baseline, 100 = target)",
    "activities_axis": "number of activities",
    "activity": "Activity",
    "number": "No.",
    "subgoal_col": "Sub-goal",
    "owner": "Responsible",
    "period": "Period",
    "meetings": "Meetings (held / planned)",
    "status_year": "Year followed up",
    "source": "Source",
    "last_checked": "Last checked",
    "last_changed": "Last changed",
    "sample_col": "Sample data",
    "validation_ok": "No errors in the checks of the data that was published.",
    "severity": "Severity",
    "findings": "Count",
    "message": "What was wrong",
    "started": "Started",
    "mode": "Data from",
    "error": "Error",
    "yes": "yes",
    "no": "no",
    "built": "Built {built} by run {run} (asfetl {version}).",
    "contract": (
        "This dashboard shows only published figures – the same as the exports and other "
        "dashboards read. Protected figures are never shown."
    ),
    "example_note": (
        "EXAMPLE: the targets and activities are examples until the region enters its own."
    ),
    "no_values": "No published values.",
    # the target groups (target_groups.py): a municipality beside the county and Sweden
    "tg_heading": "Target groups",
    "tg_intro": (
        "The groups work-integrating social enterprises work with, and what the municipalities "
        "and the region buy, in open statistics: the chosen municipality beside {others}, the "
        "same year. The values are the sources' own; nothing is computed here."
    ),
    "tg_choose": "Choose a municipality at the top to see it beside {others}.",
    "tg_choose_country": "Choose a county at the top to see it beside {others}.",
    "tg_and": " and ",
    "tg_sweden": "Sweden",
    "tg_people": "The people: work, income support and health",
    "tg_year": "Year {year}",
    "tg_preliminary": "{value} – preliminary, not final",
    "tg_suppressed": "protected value for {year}, not shown",
    "tg_not_for_county": "not published for the county by the source",
    "tg_not_for_municipalities": "not published for municipalities by the source",
    "tg_no_sweden": "no value for Sweden",
    "tg_no_values": "no values yet",
    "tg_missing": "no value for {year}",
    "tg_newer": "{year}: {value} preliminary",
    "tg_split": "women {women}, men {men}",
    "tg_split_missing": "no value",
    "plan_source": "Source: the action plan's targets and the published indicators",
    "activities_source": "Source: the region's follow-up of the action plan's activities",
    "note_ok": "A figure without a mark is final (ok).",
    "note_suppressed_people": ("<5 = suppressed: 1 to 4 people (primary)."),
    "note_suppressed_other": (
        ".. = suppressed: fewer than 3 enterprises behind the figure (few enterprises), one "
        "enterprise above 85 % (dominance), hidden so that another hidden figure cannot be "
        "worked out (secondary), or built on a suppressed figure."
    ),
    "note_missing": (
        "– = missing: the publisher has no value for that year, or (ASF) enterprises expected "
        "to report for the area have not: not reported is not 0."
    ),
    "note_preliminary": (
        "prel. = preliminary: the year's reports are not yet due, or fewer of them are in than "
        "the threshold (see reports received), or built on the latest published population, "
        "not that year's."
    ),
    # a break in a series (mart.indicator_breaks): the chart's mark, its sentence, its note
    "break_label": "Series break",
    "alt_break": " The series breaks in {year}: {note}",
    "note_break": "Break in the series in {year}: {note}",
    "suppressed_hover": "suppressed",
    "missing_hover": "no value",
    # the charts' text alternatives, read by screen readers instead of the picture
    "alt_trend": "{name} in {region} {first}–{last}: from {start} to {end}.",
    "alt_trend_none": "{name} in {region} {first}–{last}: no published values.",
    "alt_gaps": " {count} of the years have no published value.",
    "alt_area": " {area}: from {start} to {end}.",
    "alt_area_none": " {area}: no published values.",
    "alt_compare": (
        "{name}, the municipalities in {year}: highest {top} with {top_value}, lowest "
        "{bottom} with {bottom_value}."
    ),
    "alt_compare_none": "{name}, the municipalities in {year}: no published values.",
    "alt_compare_one": (
        "{name}, the municipalities in {year}: only {top} has a published value, {top_value}."
    ),
    "alt_compare_region": " {region} as a whole: {value}.",
    "alt_compare_hidden": " {count} municipalities without a published value.",
    "alt_compare_area": " {area}: {value}.",
    "alt_compare_rank": " {area}: {value}, number {rank} of {count}.",
    "alt_progress": "The plan's {count} targets by status: {parts}.",
    "alt_activities": "The plan's {count} activities by status: {parts}.",
    "alt_table": " Every value is in the table below the chart.",
}

PLAN_STATUS = {
    "achieved": "achieved",
    "on_track": "on track",
    "behind": "behind",
    "not_achieved": "not achieved",
    "not_final": "target year not yet final",
    "no_data": "no data",
}

ACTIVITY_STATUS = {
    "completed": "completed",
    "started": "started",
    "not_started": "not started",
    "cancelled": "cancelled",
    "no_report": "no follow-up reported",
}

RUN_STATUS = {"success": "success", "partial": "partial", "failed": "failed", "running": "running",
              "cancelled": "cancelled"}  # fmt: skip

RUN_MODES = {"sample": "sample data", "live": "the live sources"}

SEVERITY = {"error": "error", "warning": "warning"}

DATASETS = {
    "scb_population": "SCB: population",
    "kolada_kpi_values": "Kolada: key figures on the labour market and economic assistance",
    "enterprise_report": "The ASF enterprises' annual reports",
    "activity_report": "The follow-up of the plan's activities",
}

# The Swedish words of the sources' attributions ('Källa: …' in the warehouse), in English.
SOURCES = {
    "ASF-företagens årsrapporter": "the ASF enterprises' annual reports",
    "regionens uppföljning av handlingsplanens aktiviteter": (
        "the region's follow-up of the action plan's activities"
    ),
    " och ": " and ",
    "(EXEMPELDATA / sample data)": "(SAMPLE\u00a0DATA)",  # never broken over two lines
}
