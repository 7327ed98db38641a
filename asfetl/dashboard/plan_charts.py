"""The plan's charts, drawn as SVG when the page is written: progress towards each target and the
activities' status. Neither changes with the municipality chosen, so neither waits for Plotly:
a page opened at them shows them as soon as it is laid out (picture.py: how they are drawn)."""

from collections import Counter
from typing import Any

import pandas as pd

from asfetl.dashboard import describe, picture, svg, texts
from asfetl.dashboard.layout import (
    GREEN,
    GREY,
    INSIDE_BAR_TEXT,
    LABEL_CHARS,
    ORANGE,
    PURPLE,
    SKY,
    VARIANTS,
    VERMILLION,
    wrap,
)
from asfetl.dashboard.model import ACTIVITY_STATUSES, Model
from asfetl.dashboard.picture import LINE, Key
from asfetl.dashboard.plan_status import PACE, period, status_text

PLAN_COLOURS = {
    "achieved": GREEN,
    "on_track": SKY,
    "behind": ORANGE,
    "not_achieved": VERMILLION,
    "not_final": PURPLE,
    "no_data": GREY,
}
ACTIVITY_COLOURS = {
    "completed": GREEN,
    "started": SKY,
    "not_started": ORANGE,
    "cancelled": VERMILLION,
    "no_report": GREY,
}
EXPECTED_COLOUR = "#000000"
BAR, GAP = 18, 14  # a bar's height and the space after a target (px)
MARK = BAR + 6  # a reference mark's height: 3 px above and below its bar
CLEAR = 4  # px between a target's last line of text and the top of its marks
ACTIVITY_BAR = 22  # room for a count inside it (12 px text)


def _expected_pct(row: Any) -> float | None:
    """Where a target still ahead should be by its latest final year; none once it is judged."""
    if pd.isna(row.latest_year) or row.plan_status not in PACE:
        return None
    span = row.target_year - row.baseline_year
    return max(0.0, min(100.0, 100 * (row.latest_year - row.baseline_year) / span))


def progress_label(model: Model, row: Any, lang: str) -> str:
    name = model.names.get(row.indicator_id, {}).get(lang, row.indicator_id)
    return name if row.area_code == model.region_code else f"{name} ({row.area_name})"


def subgoal_label(goal: int, name: str, lang: str) -> str:
    """'Delmål 1: Förståelse': the sub-goal's number and the short name before its colon."""
    return texts.t(lang, "subgoal", goal=goal, name=name.split(":")[0].strip())


def _span(x: float, to: float) -> dict[str, str]:
    """A bar's x and width (shares of the picture's width) from `x` to `to`, either way."""
    return {"x": svg.pct(min(x, to)), "width": svg.pct(abs(to - x))}


def _mark(x: float, centre: float, colour: str, tip: str, kind: str) -> str:
    """An upright reference mark through a bar, 3 px beyond it above and below."""
    at = svg.pct(x)
    line = svg.element("line", x1=at, x2=at, y1=centre - MARK / 2, y2=centre + MARK / 2,
                       stroke=colour, stroke_width="3", class_=f"mark {kind}")  # fmt: skip
    return svg.group(line, tip=tip)


def _target(label: str, status: str, top: float, narrow: bool) -> tuple[str, float, float]:
    """A target's name above its bar (left) and its status beside it (right) or, when both do
    not fit one line, on lines of their own under the name (right-aligned): the texts, the
    bar's centre, and where the next target starts. The texts end CLEAR px above the marks."""
    chars = LABEL_CHARS[narrow]
    rows = wrap(label, chars)
    # characters are not all as wide: digits, dashes and brackets need a wider margin
    beside = len(rows[-1]) + len(status) + 12 <= chars
    status_rows = [status] if beside else wrap(status, chars - 4)
    below = 0 if beside else len(status_rows)
    markup = picture.lines(rows, top, x="0", class_="label")
    markup += picture.lines(status_rows, top + LINE * (len(rows) - (1 if beside else 0)),
                            x="100%", text_anchor="end", class_="status")  # fmt: skip
    centre = top + LINE * (len(rows) + below) + CLEAR + MARK / 2
    return markup, centre, centre + MARK / 2 + GAP


def _progress_picture(
    model: Model, rows: list[Any], pcts: list[float | None], lang: str, narrow: bool, alt: str
) -> str:
    labels = [progress_label(model, row, lang) for row in rows]
    names = texts.PLAN_STATUS[lang]
    expected = [_expected_pct(row) for row in rows]
    # the baseline (0) and the target (100) are always on the axis: their marks are drawn
    known = [v for v in [*pcts, *expected, 0.0, 100.0] if v is not None]
    values = picture.scale(min(known), max(known), lang, narrow, whole=True)
    over = period(model)
    title = (
        texts.t(lang, "progress_title_over", start=over[0], end=over[1])
        if over
        else texts.t(lang, "progress_title")
    )
    foot = texts.t(lang, "plan_source")
    if model.has_examples:
        foot += "<br>" + texts.t(lang, "example_note")
    head = picture.head(title, foot, narrow)
    parts, top = [head.markup], head.height
    baseline, target = texts.t(lang, "baseline"), texts.t(lang, "target")
    zero, hundred = values.x(0.0), values.x(100.0)
    for row, label, pct, ahead in zip(rows, labels, pcts, expected, strict=True):
        status = status_text(model, row, lang)
        if pct is not None and row.plan_status != "not_final":
            status += f" · {texts.number(pct, '%', lang)} %"
        words, centre, after = _target(label, status, top, narrow)
        drawn = []
        if pct is not None:  # no value yet: no bar, never one of 0
            bar = svg.element("rect", y=centre - BAR / 2, height=str(BAR),
                              fill=PLAN_COLOURS[row.plan_status], class_="bar",
                              **_span(zero, values.x(pct)))  # fmt: skip
            tip = f"{label}: {texts.number(pct, '%', lang)} % ({names[row.plan_status]})"
            drawn.append(svg.group(bar, tip=tip))
        drawn.append(_mark(zero, centre, GREY, f"{label}: {baseline} 0 %", "baseline"))
        drawn.append(_mark(hundred, centre, GREEN, f"{label}: {target} 100 %", "target"))
        if ahead is not None:  # only a target whose year is still ahead
            when = texts.t(lang, "expected_hover", year=int(row.latest_year))
            tip = f"{label} ({when}): {texts.number(ahead, '%', lang)} %"
            drawn.append(_mark(values.x(ahead), centre, EXPECTED_COLOUR, tip, "expected"))
        parts.append(svg.group(words, *drawn, class_="target", tip=f"{label}: {status}"))
        top = after
    axis = picture.axis(values, top, texts.t(lang, "progress_axis"), narrow)
    statuses = {row.plan_status for row in rows}
    keys = [Key(names[s], colour) for s, colour in PLAN_COLOURS.items() if s in statuses]
    keys += [Key(baseline, GREY, mark=True), Key(target, GREEN, mark=True)]
    if any(v is not None for v in expected):
        keys.append(Key(texts.t(lang, "expected"), EXPECTED_COLOUR, mark=True))
    key = picture.legend(keys, axis.height, narrow)
    return picture.root([*parts, axis.markup, key.markup], key.height, lang, narrow, alt)


def progress_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """Each target's progress from baseline (0) to target (100), coloured by its status, with
    where it should be by now. Names sit above the bars and reference marks only beside them,
    so that nothing crosses a text; a phone gets shorter lines."""
    progress = model.progress
    if len(progress) == 0:
        return None
    rows = list(progress.itertuples())
    pcts = [None if pd.isna(v) else float(v) for v in progress.progress_pct]
    spec: dict[str, Any] = {"id": chart_id, "file": "plan-progress", "alt": {}, "pictures": {}}
    for lang in texts.LANGS:
        names = texts.PLAN_STATUS[lang]
        spec["alt"][lang] = describe.counted(
            "alt_progress", progress.plan_status, names, list(PLAN_COLOURS), lang
        )
        label = spec["alt"][lang] + texts.t(lang, "alt_table")
        spec["pictures"][lang] = [
            _progress_picture(model, rows, pcts, lang, narrow, label) for narrow in VARIANTS
        ]
    return spec


def _activities_picture(
    model: Model, tally: Counter, subgoals: list[int], lang: str, narrow: bool, alt: str
) -> str:
    activities = model.activities
    column = "subgoal_name_sv" if lang == "sv" else "subgoal_name_en"
    names = {int(g): str(n) for g, n in zip(activities.subgoal_id, activities[column], strict=True)}
    statuses = texts.ACTIVITY_STATUS[lang]
    largest = max(Counter(activities.subgoal_id.tolist()).values())
    values = picture.scale(0, largest, lang, narrow, whole=True)
    foot = texts.t(lang, "activities_source")
    if model.has_examples:
        foot += "<br>" + texts.t(lang, "example_note")
    head = picture.head(texts.t(lang, "activities_title"), foot, narrow)
    parts, top = [head.markup], head.height
    unit = picture.MIN_WIDTH[narrow] / (values.high - values.low)  # px per activity, at least
    for goal in subgoals:
        label = subgoal_label(goal, names[goal], lang)
        rows = wrap(label, LABEL_CHARS[narrow])
        words = picture.lines(rows, top, x="0", class_="label")
        centre = top + LINE * len(rows) + CLEAR + ACTIVITY_BAR / 2
        drawn, done = [], 0
        for status in ACTIVITY_STATUSES:
            count = tally[goal, status]
            if not count:
                continue
            start, end = values.x(done), values.x(done + count)
            segment = svg.element("rect", y=centre - ACTIVITY_BAR / 2, height=str(ACTIVITY_BAR),
                                  fill=ACTIVITY_COLOURS[status], class_="bar",
                                  **_span(start, end))  # fmt: skip
            shown = [segment]
            if count * unit >= picture.width(str(count)) + 6:  # the count fits inside its bar
                shown.append(picture.lines([str(count)], centre - LINE / 2,
                                           x=svg.pct((start + end) / 2), text_anchor="middle",
                                           fill=INSIDE_BAR_TEXT, class_="count"))  # fmt: skip
            tip = f"{names[goal]}\n{statuses[status]}: {count}"
            drawn.append(svg.group(*shown, tip=tip))
            done += count
        parts.append(svg.group(words, *drawn, class_="subgoal"))
        top = centre + ACTIVITY_BAR / 2 + GAP
    axis = picture.axis(values, top, texts.t(lang, "activities_axis"), narrow)
    present = {status for _, status in tally}
    keys = [Key(statuses[s], ACTIVITY_COLOURS[s]) for s in ACTIVITY_STATUSES if s in present]
    key = picture.legend(keys, axis.height, narrow)
    return picture.root([*parts, axis.markup, key.markup], key.height, lang, narrow, alt)


def activities_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """How many of each sub-goal's activities are completed, started, … or not followed up."""
    activities = model.activities
    if len(activities) == 0:
        return None
    subgoals = sorted(int(g) for g in activities.subgoal_id.unique())
    # (sub-goal, status) -> activities, counted once
    tally = Counter(
        zip((int(g) for g in activities.subgoal_id), activities.status.tolist(), strict=True)
    )
    spec: dict[str, Any] = {"id": chart_id, "file": "plan-activities", "alt": {}, "pictures": {}}
    for lang in texts.LANGS:
        spec["alt"][lang] = describe.counted(
            "alt_activities",
            activities.status,
            texts.ACTIVITY_STATUS[lang],
            ACTIVITY_STATUSES,
            lang,
        )
        label = spec["alt"][lang] + texts.t(lang, "alt_table")
        spec["pictures"][lang] = [
            _activities_picture(model, tally, subgoals, lang, narrow, label) for narrow in VARIANTS
        ]
    return spec
