"""Plotly figures for the dashboard, one per chart and language, as plain JSON-ready dicts.

Plain dicts rather than plotly.graph_objects: validating 70 figures per run cost seconds; the
tests validate every figure with plotly instead.
"""

from typing import Any

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.model import Indicator, Model, sources

# Okabe & Ito's palette: told apart with every common kind of colour blindness.
BLUE, SKY, GREEN, ORANGE, VERMILLION, PURPLE, GREY = (
    "#0072B2",
    "#56B4E9",
    "#009E73",
    "#E69F00",
    "#D55E00",
    "#CC79A7",
    "#8C8C8C",
)
SEPARATORS = {"sv": ", ", "en": ".,"}  # decimal mark, then thousands separator
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
HEIGHT = 360


def _published(frame: pd.DataFrame) -> pd.Series:
    return frame.status.isin(["ok", "preliminary"]) & frame.value.notna()


def base_layout(title: str, foot: str, lang: str, **extra: Any) -> dict[str, Any]:
    """Title on top and unit and source right under it, inside the chart, so that a saved image
    still carries them; the legend goes below the plot."""
    layout: dict[str, Any] = {
        "template": "none",
        "title": {
            "text": title,
            "subtitle": {"text": foot, "font": {"size": 11, "color": "#444444"}},
            "x": 0.01,
            "xanchor": "left",
            "xref": "container",
            "y": 0.98,
            "yanchor": "top",
            "yref": "container",
            "font": {"size": 15},
        },
        "font": {"family": FONT, "size": 12, "color": "#1a1a1a"},
        "separators": SEPARATORS[lang],
        "height": HEIGHT,
        "margin": {"l": 60, "r": 20, "t": 88, "b": 96},
        "paper_bgcolor": "#ffffff",
        "plot_bgcolor": "#ffffff",
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {
            "orientation": "h",
            "x": 0,
            "xref": "container",
            "y": 0,
            "yref": "container",
            "yanchor": "bottom",
        },
        "annotations": [],
    }
    layout.update(extra)
    return layout


def foot_text(unit: str, source: str, lang: str, sep: str = "<br>") -> str:
    unit_part = f"{texts.t(lang, 'unit')}: {texts.unit_text(unit, lang)}" if unit else ""
    return sep.join(part for part in (unit_part, source) if part)


def floats(values: Any) -> list[float | None]:
    return [None if pd.isna(v) else float(v) for v in values]


def _marks(frame: pd.DataFrame, unit: str, lang: str, colour: str) -> list[dict[str, Any]]:
    """Years without a published value, marked on the x axis: never drawn as 0 or left blank."""
    marks = []
    for row in frame[~_published(frame)].itertuples():
        hover = texts.t(lang, "suppressed_hover" if row.status == "suppressed" else "missing_hover")
        marks.append(
            {
                "x": int(row.year),
                "y": 0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"<b>{texts.symbol(row.status, unit)}</b>",
                "hovertext": f"{row.area_name} {row.year}: {hover}",
                "showarrow": False,
                "font": {"color": colour, "size": 13},
            }
        )
    return marks


def _line(frame: pd.DataFrame, unit: str, lang: str, colour: str, width: int) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [int(y) for y in frame.year],
        "y": floats(frame.value.where(_published(frame))),
        "mode": "lines+markers",
        "name": str(frame.area_name.iloc[0]),
        "line": {"color": colour, "width": width},
        "marker": {
            "size": 8,
            "color": colour,
            "symbol": ["circle-open" if s == "preliminary" else "circle" for s in frame.status],
        },
        "text": [
            texts.cell(v, s, unit, lang) for v, s in zip(frame.value, frame.status, strict=True)
        ],
        "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
        "connectgaps": False,
    }


def trend_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any]:
    """The region's values over the years; a chosen area's line is shown beside it."""
    values = indicator.values.sort_values("year")
    region = values[values.area_code == model.region_code]
    years = values.year.astype(int)
    by_area = dict(tuple(values.groupby("area_code", sort=False)))
    spec: dict[str, Any] = {"id": chart_id, "kind": "trend", "figs": {}, "areaAnnotations": {}}
    for lang in texts.LANGS:
        data = []
        traces = {}
        if len(region):
            data.append(_line(region, indicator.unit, lang, BLUE, 3))
        marks = _marks(region, indicator.unit, lang, BLUE)
        area_marks = {}
        for code, _ in model.areas:
            rows = by_area.get(code)
            if rows is None:
                continue
            trace = _line(rows, indicator.unit, lang, VERMILLION, 2)
            trace["visible"] = False
            trace["line"]["dash"] = "dash"
            traces[code] = len(data)
            data.append(trace)
            area_marks[code] = _marks(rows, indicator.unit, lang, VERMILLION)
        title = texts.t(
            lang,
            "trend_title",
            name=indicator.name[lang],
            region=model.region_name,
            first=years.min(),
            last=years.max(),
        )
        layout = base_layout(
            title,
            foot_text(indicator.unit, sources(values, lang), lang),
            lang,
            xaxis={"dtick": 1, "tickformat": "d", "showgrid": False, "linecolor": "#888"},
            yaxis={
                "title": {"text": texts.unit_text(indicator.unit, lang)},
                "gridcolor": "#e5e5e5",
                "rangemode": "tozero" if texts.is_rate(indicator.unit) else "normal",
                "zeroline": False,
            },
            showlegend=True,
        )
        layout["height"] = compare_height(len(model.areas))  # the same as the chart beside it
        layout["annotations"] += marks
        spec["figs"][lang] = {"data": data, "layout": layout}
        spec["areaAnnotations"][lang] = area_marks
        spec["areaTraces"] = traces
    return spec


def latest_compared(model: Model, indicator: Indicator) -> tuple[int | None, pd.DataFrame]:
    """The compared areas in the latest year any of them has a row, ranked: highest first,
    values that are not published last (in name order)."""
    codes = [code for code, _ in model.areas]
    rows = indicator.values[indicator.values.area_code.isin(codes)]
    if len(rows) == 0:
        return None, rows
    year = int(rows.year.max())
    rows = rows[rows.year == year].assign(_shown=lambda f: _published(f))
    rows = rows.sort_values(["_shown", "value", "area_name"], ascending=[False, False, True])
    return year, rows.drop(columns="_shown").reset_index(drop=True)


def compare_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any] | None:
    """The areas side by side in the latest year, ranked, with the region's value marked."""
    year, rows = latest_compared(model, indicator)
    if year is None:
        return None
    region = indicator.values[
        (indicator.values.area_code == model.region_code) & (indicator.values.year == year)
    ]
    unit = indicator.unit
    shown = _published(rows)
    spec: dict[str, Any] = {
        "id": chart_id,
        "kind": "compare",
        "figs": {},
        "areas": rows.area_code.tolist(),
        "base": SKY,
        "highlight": VERMILLION,
    }
    for lang in texts.LANGS:
        labels = [
            texts.cell(v, s, unit, lang) for v, s in zip(rows.value, rows.status, strict=True)
        ]
        bars = {
            "type": "bar",
            "x": floats(rows.value.where(shown)),
            "y": rows.area_name.tolist(),
            "orientation": "h",
            "name": str(year),
            "marker": {
                "color": [SKY] * len(rows),
                "line": {"color": BLUE, "width": 1},
                "pattern": {
                    "shape": ["/" if s == "preliminary" else "" for s in rows.status],
                    "fgcolor": BLUE,
                },
            },
            "text": labels,
            "textposition": "outside",
            "textfont": {"size": 11},
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "showlegend": False,
        }
        marks = []
        for row in rows[~shown].itertuples():
            hover = texts.t(
                lang, "suppressed_hover" if row.status == "suppressed" else "missing_hover"
            )
            marks.append(
                {
                    "x": 0,
                    "y": row.area_name,
                    "xanchor": "left",
                    "text": f"<b>{texts.symbol(row.status, unit)}</b>",
                    "hovertext": hover,
                    "showarrow": False,
                    "font": {"color": "#333333"},
                }
            )
        region_label = texts.t(lang, "region_value", region=model.region_name)
        shapes = []
        if len(region):
            r = region.iloc[0]
            region_text = texts.cell(r.value, r.status, unit, lang)
            mark = {"text": f"{region_label}: <b>{region_text}</b>", "showarrow": False}
            if texts.is_rate(unit) and _published(region).iloc[0]:
                shapes.append(
                    {
                        "type": "line",
                        "xref": "x",
                        "yref": "paper",
                        "x0": float(r.value),
                        "x1": float(r.value),
                        "y0": 0,
                        "y1": 1,
                        "line": {"color": "#000000", "width": 2, "dash": "dash"},
                    }
                )
                mark.update(x=float(r.value), xref="x", y=1, yref="paper", yanchor="bottom")
            else:  # counts add up to the region's total: a line would squash the bars
                mark.update(x=1, xref="paper", xanchor="right", y=1, yref="paper", yanchor="bottom")
            marks.append(mark)
        title = texts.t(lang, "compare_title", name=indicator.name[lang], year=year)
        layout = base_layout(
            title,
            foot_text(unit, sources(rows, lang), lang),
            lang,
            xaxis={
                "title": {"text": texts.unit_text(unit, lang)},
                "gridcolor": "#e5e5e5",
                "rangemode": "tozero",
            },
            yaxis={
                "autorange": "reversed",
                "automargin": True,
                "type": "category",
                "tickmode": "array",  # every area named, however many
                "tickvals": rows.area_name.tolist(),
            },
            shapes=shapes,
            bargap=0.25,
            uniformtext={"minsize": 10, "mode": "show"},
        )
        layout["height"] = compare_height(len(rows))
        layout["margin"] = {**layout["margin"], "t": 112, "r": 50}
        layout["annotations"] += marks
        spec["figs"][lang] = {"data": [bars], "layout": layout}
    return spec


def compare_height(bars: int) -> int:
    return max(HEIGHT, 200 + 22 * bars)
