"""Plotly figures of the plan: progress towards each target and the activities' status."""

from collections import Counter
from typing import Any

import pandas as pd

from asfetl.dashboard import describe, texts
from asfetl.dashboard.layout import (
    GREEN,
    GREY,
    LABEL_CHARS,
    ORANGE,
    PURPLE,
    SKY,
    VARIANTS,
    VERMILLION,
    base_layout,
    value_axis,
    wrap,
)
from asfetl.dashboard.model import ACTIVITY_STATUSES, Model
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
LINE, BAR, GAP = 16, 18, 14  # a label's line, a bar and the space after it (px)
MARK = BAR + 6  # a reference mark's height: 3 px above and below its bar
MARK_SIZE = round(MARK / 1.4, 1)  # Plotly draws an upright line mark 1.4 × its size tall
CLEAR = 4  # px between a target's last line of text and the top of its marks


def _expected_pct(row: Any) -> float | None:
    """Where a target still ahead should be by its latest final year; none once it is judged."""
    if pd.isna(row.latest_year) or row.plan_status not in PACE:
        return None
    span = row.target_year - row.baseline_year
    return max(0.0, min(100.0, 100 * (row.latest_year - row.baseline_year) / span))


def progress_label(model: Model, row: Any, lang: str) -> str:
    name = model.names.get(row.indicator_id, {}).get(lang, row.indicator_id)
    return name if row.area_code == model.region_code else f"{name} ({row.area_name})"


def _rows(labels: list[str], statuses: list[str], narrow: bool):
    """Each target's label above its bar, its status at the right: the annotations, the bars'
    centres and the height they take (one y unit is one pixel). The texts hang from their last
    line, a few pixels above the reference marks: however tall Plotly sets them, they grow
    upwards into the space after the bar above, never down into the marks."""
    chars = LABEL_CHARS[narrow]
    annotations, centres, top = [], [], CLEAR  # room for a first line set taller
    for label, status in zip(labels, statuses, strict=True):
        lines = wrap(label, chars)
        # characters are not all as wide: digits, dashes and brackets need a wider margin
        beside = len(lines[-1]) + len(status) + 12 <= chars
        # a long status (a target year not final, its coverage and the last final year's
        # value) goes on lines of its own, right-aligned, never cut off on a phone
        status_lines = [status] if beside else wrap(status, chars - 4)
        below = 0 if beside else len(status_lines)  # the status's lines under the label's
        centres.append(top + LINE * (len(lines) + below) + CLEAR + MARK / 2)
        last = centres[-1] - MARK / 2 - CLEAR  # the bottom of the last line of text
        common = {"xref": "paper", "yref": "y", "yanchor": "bottom", "showarrow": False}
        annotations.append(
            {**common, "x": 0, "xanchor": "left", "align": "left", "y": last - LINE * below,
             "text": "<br>".join(lines)}
        )  # fmt: skip
        annotations.append(
            {**common, "x": 1, "xanchor": "right", "align": "right", "y": last,
             "text": "<br>".join(status_lines)}
        )  # fmt: skip
        top = centres[-1] + MARK / 2 + GAP
    return annotations, centres, top


def _marker(name: str, x: list, y: list, labels: list, colour: str, hover: str) -> dict:
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "customdata": labels,
        "mode": "markers",
        "name": name,
        "marker": {
            "symbol": "line-ns-open",
            "size": MARK_SIZE,
            "color": colour,
            "line": {"width": 3},
        },
        "cliponaxis": False,
        "hovertemplate": "%{customdata}: " + hover + "<extra>" + name + "</extra>",
    }


def progress_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """Each target's progress from baseline (0) to target (100), coloured by its status, with
    where it should be by now. Labels sit above the bars and reference marks only beside
    them, so that nothing crosses a label; a phone gets shorter lines."""
    progress = model.progress
    if len(progress) == 0:
        return None
    rows = list(progress.itertuples())
    expected = [_expected_pct(row) for row in rows]
    pcts = [None if pd.isna(v) else float(v) for v in progress.progress_pct]
    # the baseline (0) and the target (100) are always on the axis: their marks are drawn
    known = [v for v in [*pcts, *expected, 0.0, 100.0] if v is not None]
    spec: dict[str, Any] = {"id": chart_id, "kind": "static", "file": "plan-progress"}
    spec.update(figs={}, narrow={}, alt={})
    for lang in texts.LANGS:
        labels = [progress_label(model, row, lang) for row in rows]
        names = texts.PLAN_STATUS[lang]
        statuses = [
            status_text(model, row, lang)
            + ("" if pct is None or row.plan_status == "not_final" else
               f" · {texts.number(pct, '%', lang)} %")
            for row, pct in zip(rows, pcts, strict=True)
        ]  # fmt: skip
        foot = texts.t(lang, "plan_source")
        if model.has_examples:
            foot += "<br>" + texts.t(lang, "example_note")
        for narrow in VARIANTS:
            annotations, centres, height = _rows(labels, statuses, narrow)
            data: list[dict[str, Any]] = []
            for status, colour in PLAN_COLOURS.items():
                keep = [s == status for s in progress.plan_status]
                if not any(keep):
                    continue
                data.append(
                    {
                        "type": "bar",
                        "x": [
                            0.0 if v is None else v for v, k in zip(pcts, keep, strict=True) if k
                        ],
                        "y": [c for c, k in zip(centres, keep, strict=True) if k],
                        "customdata": [lb for lb, k in zip(labels, keep, strict=True) if k],
                        "width": BAR,
                        "orientation": "h",
                        "name": names[status],
                        "marker": {"color": colour},
                        "hovertemplate": "%{customdata}: %{x:.1f} %<extra>%{fullData.name}</extra>",
                    }
                )
            data += [
                _marker(texts.t(lang, "baseline"), [0] * len(rows), centres, labels, GREY, "0 %"),
                _marker(
                    texts.t(lang, "target"), [100] * len(rows), centres, labels, GREEN, "100 %"
                ),
            ]
            if any(v is not None for v in expected):  # only targets whose year is still ahead
                hover = [
                    f"{label} ({texts.t(lang, 'expected_hover', year=int(row.latest_year))})"
                    if v is not None else label
                    for label, row, v in zip(labels, rows, expected, strict=True)
                ]  # fmt: skip
                data.append(
                    _marker(texts.t(lang, "expected"), expected, centres, hover, "#000000",
                            "%{x:.0f} %")
                )  # fmt: skip
            axis_title = "<br>".join(wrap(texts.t(lang, "progress_axis"), LABEL_CHARS[narrow]))
            xaxis = value_axis(min(known, default=0), max(known, default=100), lang, narrow, True)
            low, high = xaxis["range"]
            xaxis.update(
                range=[low - 0.03 * (high - low), high + 0.03 * (high - low)],
                showgrid=False,
                zeroline=False,
                title={"text": axis_title},
            )
            over = period(model)
            title = (
                texts.t(lang, "progress_title_over", start=over[0], end=over[1])
                if over
                else texts.t(lang, "progress_title")
            )
            layout = base_layout(
                title,
                foot,
                lang,
                narrow,
                legend=[trace["name"] for trace in data],
                barmode="overlay",
                xaxis=xaxis,
                yaxis={"range": [height, 0], "visible": False},
            )
            layout["margin"]["b"] += 16 * axis_title.count("<br>")
            layout["height"] = layout["margin"]["t"] + layout["margin"]["b"] + height
            layout["annotations"] = annotations
            figure = {"data": data, "layout": layout}
            (spec["narrow"] if narrow else spec["figs"])[lang] = figure
        order = list(PLAN_COLOURS)
        spec["alt"][lang] = describe.counted(
            "alt_progress", progress.plan_status, names, order, lang
        )
    return spec


def subgoal_label(goal: int, name: str, lang: str) -> str:
    """'Delmål 1: Förståelse': the sub-goal's number and the short name before its colon."""
    return texts.t(lang, "subgoal", goal=goal, name=name.split(":")[0].strip())


def activities_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """How many of each sub-goal's activities are completed, started, … or not followed up."""
    activities = model.activities
    if len(activities) == 0:
        return None
    subgoals = sorted(int(g) for g in activities.subgoal_id.unique())
    # (sub-goal, status) -> activities, counted once
    tally = Counter(zip(activities.subgoal_id.tolist(), activities.status.tolist(), strict=True))
    largest = max(Counter(activities.subgoal_id.tolist()).values())
    rows = list(activities.itertuples())
    spec: dict[str, Any] = {"id": chart_id, "kind": "static", "file": "plan-activities"}
    spec.update(figs={}, narrow={}, alt={})
    for lang in texts.LANGS:
        names = {
            int(row.subgoal_id): (row.subgoal_name_sv if lang == "sv" else row.subgoal_name_en)
            for row in rows
        }
        y = [subgoal_label(g, names[g], lang) for g in subgoals]
        data = []
        for status in ACTIVITY_STATUSES:
            counts = [tally[g, status] for g in subgoals]
            if not any(counts):
                continue
            data.append(
                {
                    "type": "bar",
                    "x": counts,
                    "y": y,
                    "orientation": "h",
                    "name": texts.ACTIVITY_STATUS[lang][status],
                    "marker": {"color": ACTIVITY_COLOURS[status]},
                    "text": [str(c) if c else "" for c in counts],
                    "textposition": "inside",
                    "insidetextanchor": "middle",
                    "customdata": [names[g] for g in subgoals],
                    "hovertemplate": "%{customdata}<br>%{fullData.name}: %{x}<extra></extra>",
                }
            )
        foot = texts.t(lang, "activities_source")
        if model.has_examples:
            foot += "<br>" + texts.t(lang, "example_note")
        for narrow in VARIANTS:
            width = 16 if narrow else 30  # characters of a sub-goal's label per line
            ticktext = ["<br>".join(wrap(label, width)) for label in y]
            lines = max(text.count("<br>") + 1 for text in ticktext)
            layout = base_layout(
                texts.t(lang, "activities_title"),
                foot,
                lang,
                narrow,
                legend=[trace["name"] for trace in data],
                barmode="stack",
                xaxis={
                    **value_axis(0, largest, lang, narrow, True),
                    "title": {"text": texts.t(lang, "activities_axis")},
                },
                yaxis={
                    "autorange": "reversed",
                    "automargin": True,
                    "type": "category",
                    "tickmode": "array",
                    "tickvals": y,
                    "ticktext": ticktext,
                },
            )
            plot = len(subgoals) * max(44, 16 * lines + 14)
            layout["height"] = layout["margin"]["t"] + layout["margin"]["b"] + plot
            (spec["narrow"] if narrow else spec["figs"])[lang] = {"data": data, "layout": layout}
        spec["alt"][lang] = describe.counted(
            "alt_activities",
            activities.status,
            texts.ACTIVITY_STATUS[lang],
            ACTIVITY_STATUSES,
            lang,
        )
    return spec
