"""Plotly figures of the plan: progress towards each target and the activities' status."""

from collections import Counter
from typing import Any

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.charts import (
    GREEN,
    GREY,
    HEIGHT,
    ORANGE,
    SKY,
    VERMILLION,
    base_layout,
    floats,
)
from asfetl.dashboard.model import ACTIVITY_STATUSES, Model

PLAN_COLOURS = {"achieved": GREEN, "on_track": SKY, "behind": ORANGE, "no_data": GREY}
ACTIVITY_COLOURS = {
    "completed": GREEN,
    "started": SKY,
    "not_started": ORANGE,
    "cancelled": VERMILLION,
    "no_report": GREY,
}


def _expected_pct(row: Any) -> float | None:
    if pd.isna(row.latest_year):
        return None
    span = row.target_year - row.baseline_year
    return max(0.0, min(100.0, 100 * (row.latest_year - row.baseline_year) / span))


def progress_label(model: Model, row: Any, lang: str) -> str:
    name = model.names.get(row.indicator_id, {}).get(lang, row.indicator_id)
    return name if row.area_code == model.region_code else f"{name} ({row.area_name})"


def progress_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """Each target's progress from baseline (0) to target (100), coloured by its status, with
    where it should be by now; the status is written beside each bar."""
    progress = model.progress
    if len(progress) == 0:
        return None
    rows = list(progress.itertuples())
    expected = [_expected_pct(row) for row in rows]
    spec: dict[str, Any] = {"id": chart_id, "kind": "static", "figs": {}}
    for lang in texts.LANGS:
        labels = [progress_label(model, row, lang) for row in rows]
        statuses = [texts.PLAN_STATUS[lang][s] for s in progress.plan_status]
        data: list[dict[str, Any]] = []
        for status, colour in PLAN_COLOURS.items():
            mask = (progress.plan_status == status).tolist()
            if not any(mask):
                continue
            data.append(
                {
                    "type": "bar",
                    "x": [0.0 if v is None else v for v in floats(progress.progress_pct[mask])],
                    "y": [label for label, keep in zip(labels, mask, strict=True) if keep],
                    "orientation": "h",
                    "name": texts.PLAN_STATUS[lang][status],
                    "marker": {"color": colour},
                    "hovertemplate": "%{y}: %{x:.1f} %<extra>%{fullData.name}</extra>",
                }
            )
        data.append(
            {
                "type": "scatter",
                "x": list(expected),
                "y": labels,
                "mode": "markers",
                "name": texts.t(lang, "expected"),
                "marker": {
                    "symbol": "line-ns-open",
                    "size": 22,
                    "color": "#000000",
                    "line": {"width": 3},
                },
                "hovertemplate": "%{y}: %{x:.0f} %<extra>" + texts.t(lang, "expected") + "</extra>",
            }
        )
        status_column = [
            {
                "x": 1,
                "xref": "paper",
                "xanchor": "left",
                "xshift": 8,
                "y": label,
                "yref": "y",
                "text": status + ("" if pd.isna(pct) else f" · {texts.number(pct, '%', lang)} %"),
                "showarrow": False,
                "font": {"color": "#1a1a1a"},
            }
            for label, status, pct in zip(labels, statuses, progress.progress_pct, strict=True)
        ]
        foot = texts.t(lang, "plan_source")
        if model.has_examples:
            foot += "<br>" + texts.t(lang, "example_note")
        layout = base_layout(
            texts.t(lang, "progress_title"),
            foot,
            lang,
            barmode="overlay",
            xaxis={
                "title": {"text": texts.t(lang, "progress_axis")},
                "gridcolor": "#e5e5e5",
                "zeroline": True,
                "zerolinecolor": "#555555",
            },
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
            shapes=[
                {
                    "type": "line",
                    "xref": "x",
                    "yref": "paper",
                    "x0": 100,
                    "x1": 100,
                    "y0": 0,
                    "y1": 1,
                    "line": {"color": GREEN, "width": 2, "dash": "dot"},
                }
            ],
        )
        layout["height"] = max(HEIGHT, 170 + 40 * len(progress))
        layout["margin"] = {**layout["margin"], "t": 104, "r": 130}
        layout["annotations"] = status_column
        spec["figs"][lang] = {"data": data, "layout": layout}
    return spec


def activities_chart(model: Model, chart_id: str) -> dict[str, Any] | None:
    """How many of each sub-goal's activities are completed, started, … or not followed up."""
    activities = model.activities
    if len(activities) == 0:
        return None
    subgoals = sorted(int(g) for g in activities.subgoal_id.unique())
    # (sub-goal, status) -> activities, counted once
    tally = Counter(zip(activities.subgoal_id.tolist(), activities.status.tolist(), strict=True))
    rows = list(activities.itertuples())
    spec: dict[str, Any] = {"id": chart_id, "kind": "static", "figs": {}}
    for lang in texts.LANGS:
        names = {
            int(row.subgoal_id): (row.subgoal_name_sv if lang == "sv" else row.subgoal_name_en)
            for row in rows
        }
        goal_label = "Delmål" if lang == "sv" else "Sub-goal"
        y = [f"{goal_label} {g}" for g in subgoals]
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
                    "customdata": [names[g] for g in subgoals],
                    "hovertemplate": "%{customdata}<br>%{fullData.name}: %{x}<extra></extra>",
                }
            )
        foot = texts.t(lang, "activities_source")
        if model.has_examples:
            foot += "<br>" + texts.t(lang, "example_note")
        layout = base_layout(
            texts.t(lang, "activities_title"),
            foot,
            lang,
            barmode="stack",
            showlegend=True,
            xaxis={
                "title": {"text": texts.t(lang, "activities_axis")},
                "gridcolor": "#e5e5e5",
                "dtick": 1,
            },
            yaxis={"autorange": "reversed", "automargin": True, "type": "category"},
        )
        spec["figs"][lang] = {"data": data, "layout": layout}
    return spec
