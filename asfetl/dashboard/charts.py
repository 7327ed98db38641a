"""Plotly figures for the dashboard, one per chart and language, as plain JSON-ready dicts.

Plain dicts rather than plotly.graph_objects: validating 70 figures per run cost seconds; the
tests validate every figure with plotly instead.
"""

from typing import Any

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.model import Indicator, Model, Point, source_line

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


def _marks(points: list[Point], unit: str, lang: str, colour: str) -> list[dict[str, Any]]:
    """Years without a published value, marked on the x axis: never drawn as 0 or left blank."""
    marks = []
    for p in points:
        if p.published:
            continue
        hover = texts.t(lang, "suppressed_hover" if p.status == "suppressed" else "missing_hover")
        marks.append(
            {
                "x": p.year,
                "y": 0,
                "xref": "x",
                "yref": "paper",
                "yanchor": "bottom",
                "text": f"<b>{texts.symbol(p.status, unit)}</b>",
                "hovertext": f"{p.area_name} {p.year}: {hover}",
                "showarrow": False,
                "font": {"color": colour, "size": 13},
            }
        )
    return marks


def _line(points: list[Point], unit: str, lang: str, colour: str, width: int) -> dict[str, Any]:
    return {
        "type": "scatter",
        "x": [p.year for p in points],
        "y": [float(p.value) if p.published else None for p in points],
        "mode": "lines+markers",
        "name": str(points[0].area_name),
        "line": {"color": colour, "width": width},
        "marker": {
            "size": 8,
            "color": colour,
            "symbol": ["circle-open" if p.status == "preliminary" else "circle" for p in points],
        },
        "text": [texts.cell(p.value, p.status, unit, lang) for p in points],
        "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
        "connectgaps": False,
    }


def trend_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any]:
    """The region's values over the years; a chosen area's line is shown beside it."""
    by_area = indicator.by_area
    region = by_area.get(model.region_code, [])
    years = [p.year for p in indicator.points]
    # The sources in year order, as the chart has always listed them: pandas' own sort, where
    # the order can matter (more than one source, as population has).
    ordered_sources = [p.source for p in indicator.points]
    if len(set(ordered_sources)) > 1:
        ordered_sources = indicator.values.sort_values("year")["source"].tolist()
    spec: dict[str, Any] = {"id": chart_id, "kind": "trend", "figs": {}, "areaAnnotations": {}}
    for lang in texts.LANGS:
        data = []
        traces = {}
        if region:
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
            first=min(years),
            last=max(years),
        )
        layout = base_layout(
            title,
            foot_text(indicator.unit, source_line(ordered_sources, lang), lang),
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


def _rank_key(p: Point) -> tuple[bool, tuple[int, float], str]:
    """Published first; then the highest value (missing values last); then by name."""
    value = (1, 0.0) if p.value != p.value else (0, -p.value)
    return (not p.published, value, p.area_name)


def latest_compared(model: Model, indicator: Indicator) -> tuple[int | None, list[Point]]:
    """The compared areas in the latest year any of them has a row, ranked: highest first,
    values that are not published last (in name order)."""
    codes = {code for code, _ in model.areas}
    rows = [p for p in indicator.points if p.area_code in codes]
    if not rows:
        return None, rows
    year = max(p.year for p in rows)
    return year, sorted((p for p in rows if p.year == year), key=_rank_key)


def region_points(model: Model, indicator: Indicator, year: int) -> list[Point]:
    """The region's row(s) of one year."""
    return [p for p in indicator.by_area.get(model.region_code, []) if p.year == year]


def compare_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any] | None:
    """The areas side by side in the latest year, ranked, with the region's value marked."""
    year, rows = latest_compared(model, indicator)
    if year is None:
        return None
    region = region_points(model, indicator, year)
    unit = indicator.unit
    names = [p.area_name for p in rows]
    spec: dict[str, Any] = {
        "id": chart_id,
        "kind": "compare",
        "figs": {},
        "areas": [p.area_code for p in rows],
        "base": SKY,
        "highlight": VERMILLION,
    }
    for lang in texts.LANGS:
        labels = [texts.cell(p.value, p.status, unit, lang) for p in rows]
        bars = {
            "type": "bar",
            "x": [float(p.value) if p.published else None for p in rows],
            "y": list(names),
            "orientation": "h",
            "name": str(year),
            "marker": {
                "color": [SKY] * len(rows),
                "line": {"color": BLUE, "width": 1},
                "pattern": {
                    "shape": ["/" if p.status == "preliminary" else "" for p in rows],
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
        for p in rows:
            if p.published:
                continue
            hover = texts.t(
                lang, "suppressed_hover" if p.status == "suppressed" else "missing_hover"
            )
            marks.append(
                {
                    "x": 0,
                    "y": p.area_name,
                    "xanchor": "left",
                    "text": f"<b>{texts.symbol(p.status, unit)}</b>",
                    "hovertext": hover,
                    "showarrow": False,
                    "font": {"color": "#333333"},
                }
            )
        region_label = texts.t(lang, "region_value", region=model.region_name)
        shapes = []
        if region:
            r = region[0]
            region_text = texts.cell(r.value, r.status, unit, lang)
            mark = {"text": f"{region_label}: <b>{region_text}</b>", "showarrow": False}
            if texts.is_rate(unit) and r.published:
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
            foot_text(unit, source_line([p.source for p in rows], lang), lang),
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
                "tickvals": list(names),
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
