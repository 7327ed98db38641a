"""The municipalities compared in the latest year: a ranked bar chart per indicator."""

from typing import Any

from asfetl.dashboard import describe, texts
from asfetl.dashboard.charts import latest_compared, newer_preliminary, rank_key, region_points
from asfetl.dashboard.layout import (
    BLUE,
    MIN_TEXT,
    SKY,
    VARIANTS,
    VERMILLION,
    base_layout,
    foot_text,
    text_width,
    value_axis,
)
from asfetl.dashboard.model import Indicator, Model, Point, source_line


def _room(bars: list[Point], labels: list[str], names: list[str], narrow: bool) -> float:
    """The top of the value axis that leaves room for every bar's label beside it."""
    plot = (300 if narrow else 500) - text_width(max(names, key=len)) - 16
    top = 0.0
    for p, label in zip(bars, labels, strict=True):
        if p.published:
            free = max(plot - text_width(label, 11) - 10, plot / 3)
            top = max(top, float(p.value) * plot / free)
    return top


def compare_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any] | None:
    """The areas side by side in the latest year, ranked. A rate's region value is a bar of its
    own among them; a count's total is written above (as a bar it would squash the others)."""
    year, rows = latest_compared(model, indicator)
    if year is None:
        return None
    region = region_points(model, indicator, year)
    unit = indicator.unit
    rate = texts.is_rate(unit)
    bars = list(rows)
    if rate and region and region[0].published:
        bars = sorted([*rows, region[0]], key=rank_key)
    colours = [BLUE if p.area_code == model.region_code else SKY for p in bars]
    spec: dict[str, Any] = {
        "id": chart_id,
        "kind": "compare",
        "file": chart_id.removeprefix("chart-"),
        "figs": {},
        "narrow": {},
        "alt": {},
        "areaAlt": {},
        "areas": [p.area_code for p in bars],
        "colours": colours,
        "highlight": VERMILLION,
    }
    for lang in texts.LANGS:
        region_label = texts.t(lang, "region_value", region=model.region_name)
        names = [region_label if p.area_code == model.region_code else p.area_name for p in bars]
        labels = [texts.cell(p.value, p.status, unit, lang, disclosure=p.disclosure) for p in bars]
        data = {
            "type": "bar",
            "x": [float(p.value) if p.published else None for p in bars],
            "y": names,
            "orientation": "h",
            "name": str(year),
            "marker": {
                "color": colours,
                "line": {"color": BLUE, "width": 1},
                "pattern": {
                    "shape": ["/" if p.status == "preliminary" else "" for p in bars],
                    "fgcolor": BLUE,
                },
            },
            "text": labels,
            "textposition": "outside",
            "textfont": {"size": MIN_TEXT},
            "cliponaxis": False,
            "hovertemplate": "%{y}: %{text}<extra></extra>",
            "showlegend": False,
        }
        marks = [
            {
                "x": 0,
                "y": name,
                "xanchor": "left",
                "text": f"<b>{texts.symbol(p.status, p.disclosure)}</b>",
                "hovertext": texts.t(
                    lang, "suppressed_hover" if p.status == "suppressed" else "missing_hover"
                ),
                "showarrow": False,
                "font": {"color": "#333333"},
            }
            for p, name in zip(bars, names, strict=True)
            if not p.published
        ]
        total = []
        if region and not rate:
            r = region[0]
            region_text = texts.cell(r.value, r.status, unit, lang, disclosure=r.disclosure)
            total.append(
                {
                    "text": f"{region_label}: <b>{region_text}</b>",
                    "showarrow": False,
                    "x": 1,
                    "xref": "paper",
                    "xanchor": "right",
                    "y": 1,
                    "yref": "paper",
                    "yanchor": "bottom",
                    "yshift": 4,
                }
            )
        name = indicator.name[lang]
        title = texts.t(lang, "compare_title", name=name, year=year)
        foot = foot_text(unit, source_line([p.source for p in rows], lang), lang)
        newer = newer_preliminary(model, indicator, year, lang)
        if newer:  # the headline is the latest final year; a newer preliminary one is named
            foot += "<br>" + newer
        for narrow in VARIANTS:
            layout = base_layout(
                title,
                foot,
                lang,
                narrow,
                top_extra=24 if total else 0,
                xaxis={
                    **value_axis(0, _room(bars, labels, names, narrow), lang, narrow, not rate),
                    "title": {"text": texts.unit_text(unit, lang)},
                },
                yaxis={
                    "autorange": "reversed",
                    "automargin": True,
                    "type": "category",
                    "tickmode": "array",  # every area named, however many
                    "tickvals": names,
                    "showgrid": False,
                },
                bargap=0.25,
                uniformtext={"minsize": 10, "mode": "show"},
            )
            layout["height"] = layout["margin"]["t"] + layout["margin"]["b"] + 22 * len(bars) + 12
            layout["annotations"] = marks + total
            if narrow:
                spec["narrow"][lang] = {"layout": layout}
            else:
                spec["figs"][lang] = {"data": [data], "layout": layout}
        spec["alt"][lang] = describe.compare(
            name, year, rows, region, model.region_name, unit, lang
        )
        spec["areaAlt"][lang] = describe.compare_areas(rows, unit, lang)
    return spec
