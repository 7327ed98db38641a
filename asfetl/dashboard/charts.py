"""Plotly figures of the indicators: each one's trend, and the ranking compare.py draws.

Plain dicts rather than plotly.graph_objects: validating 70 figures per run cost seconds; the
tests validate every figure with plotly instead. Each chart is a spec: its figure per language,
wide and narrow (layout.VARIANTS), and a sentence saying what it shows (describe).
"""

from typing import Any

from asfetl.dashboard import describe, texts
from asfetl.dashboard.layout import (
    BLUE,
    MIN_TEXT,
    MUTED,
    VARIANTS,
    VERMILLION,
    VERMILLION_TEXT,
    base_layout,
    foot_text,
    value_axis,
    year_axis,
)
from asfetl.dashboard.model import Break, Indicator, Model, Point, source_line
from asfetl.dashboard.preliminary import prel_marks

__all__ = ["crossed", "foot_text", "latest_compared", "region_points", "trend_chart"]


def _marks(
    points: list[Point], unit: str, lang: str, colour: str, shift: int = 0
) -> list[dict[str, Any]]:
    """Years without a published value, marked on the x axis: never drawn as 0 or left blank.
    A chosen area's marks sit `shift` px above the region's."""
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
                "yshift": shift,
                "text": f"<b>{texts.symbol(p.status, p.disclosure)}</b>",
                "hovertext": f"{p.area_name} {p.year}: {hover}",
                "showarrow": False,
                "font": {"color": colour, "size": 13},
            }
        )
    return marks


def _line(points: list[Point], unit: str, lang: str, colour: str, width: int) -> dict[str, Any]:
    x, y, symbols, text = [], [], [], []
    for before, p in zip([None, *points], points, strict=False):
        if p.status == "preliminary" and before is not None and before.status != "preliminary":
            # a gap before a preliminary year: its point stands apart (an open circle), never
            # the end of the line, so that a year still coming in never reads as a fall
            x.append(p.year - 0.5)
            y.append(None)
            symbols.append("circle")
            text.append("")
        x.append(p.year)
        y.append(float(p.value) if p.published else None)
        symbols.append("circle-open" if p.status == "preliminary" else "circle")
        text.append(texts.cell(p.value, p.status, unit, lang, disclosure=p.disclosure))
    return {
        "type": "scatter",
        "x": x,
        "y": y,
        "mode": "lines+markers",
        "name": str(points[0].area_name),
        "line": {"color": colour, "width": width},
        "marker": {"size": 8, "color": colour, "symbol": symbols},
        "text": text,
        "hovertemplate": "%{x}: %{text}<extra>%{fullData.name}</extra>",
        "connectgaps": False,
    }


def crossed(breaks: list[Break], years: list[int]) -> list[Break]:
    """The breaks with years of the chart on both sides of them."""
    return [b for b in breaks if years and years[0] < b.from_year <= years[-1]]


def _break_marks(breaks: list[Break], years: list[int], lang: str) -> tuple[list, list]:
    """A dotted line between the last year of the old definition and the first of the new, and
    a short label at the top of the plot: the value axis leaves room there (see headroom),
    so the label stays off the lines and the missing-value marks at the bottom."""
    shapes, labels = [], []
    middle = (years[0] + years[-1]) / 2
    for b in crossed(breaks, years):
        x = b.from_year - 0.5
        left = x > middle  # the label reads towards the middle, never past the plot's edge
        shapes.append(
            {
                "type": "line",
                "xref": "x",
                "yref": "paper",
                "x0": x,
                "x1": x,
                "y0": 0,
                "y1": 1,
                "line": {"color": MUTED, "width": 1.5, "dash": "dot"},
                "layer": "below",
            }
        )
        labels.append(
            {
                "x": x,
                "y": 1,
                "xref": "x",
                "yref": "paper",
                "xanchor": "right" if left else "left",
                "yanchor": "top",
                "xshift": -4 if left else 4,
                "text": texts.t(lang, "break_label"),
                "hovertext": b.note[lang],
                "showarrow": False,
                "font": {"color": MUTED, "size": MIN_TEXT},
            }
        )
    return shapes, labels


def _highest(points: list[Point]) -> float:
    return max((float(p.value) for p in points if p.published), default=0.0)


def _lowest(points: list[Point]) -> float:
    return min((float(p.value) for p in points if p.published), default=0.0)


def trend_chart(model: Model, indicator: Indicator, chart_id: str) -> dict[str, Any]:
    """The region's values over the years; a chosen area's line is shown beside it. The value
    axis starts at zero and covers every area, so that choosing one never rescales it."""
    by_area = indicator.by_area
    region = by_area.get(model.region_code, [])
    unit = indicator.unit
    years = sorted({p.year for p in indicator.points})
    published = [p.year for p in indicator.points if p.published]
    if published:  # a year whose every value is still missing is not the chart's last year
        years = [year for year in years if year <= max(published)]
    period = range(years[0], years[-1] + 1)
    # The sources in year order, as the chart has always listed them: pandas' own sort, where
    # the order can matter (more than one source, as population has).
    ordered_sources = [p.source for p in indicator.points]
    if len(set(ordered_sources)) > 1:
        ordered_sources = indicator.values.sort_values("year")["source"].tolist()
    # the region and the areas it compares: Sweden, a benchmark beside a county, stays off the axis
    drawn = {model.region_code, *(code for code, _ in model.areas)}
    shown = [p for p in indicator.points if p.area_code in drawn]
    whole = not texts.is_rate(unit)
    longest = max([name for _, name in model.areas] or [""], key=len)
    # room above the highest value: a break's label sits there, clear of every line
    headroom = 1.16 if crossed(indicator.breaks, years) else 1.06
    spec: dict[str, Any] = {
        "id": chart_id,
        "kind": "trend",
        "file": chart_id.removeprefix("chart-"),
        "figs": {},
        "narrow": {},
        "alt": {},
        "areaAlt": {},
        "areaAnnotations": {},
        "areaTraces": {},
    }
    for lang in texts.LANGS:
        data = []
        traces = {}
        if region:
            data.append(_line(region, unit, lang, BLUE, 3))
        marks = _marks(region, unit, lang, BLUE) + prel_marks(model, indicator, region, lang, BLUE)
        if not region:  # e.g. a KPI the publisher has for municipalities only: say so, not blank
            marks.append(_no_region_note(model, lang))
        area_marks, area_alt = {}, {}
        for code, area_name in model.areas:
            rows = by_area.get(code)
            if rows is None:
                continue
            trace = _line(rows, unit, lang, VERMILLION, 2)
            trace["visible"] = False
            trace["line"]["dash"] = "dash"
            traces[code] = len(data)
            data.append(trace)
            area_marks[code] = _marks(rows, unit, lang, VERMILLION_TEXT, shift=18)
            area_marks[code] += prel_marks(model, indicator, rows, lang, VERMILLION_TEXT)
            area_alt[code] = describe.trend_area(area_name, rows, unit, lang, period)
        name = indicator.name[lang]
        title = texts.t(
            lang, "trend_title", name=name, region=model.region_name, first=years[0], last=years[-1]
        )
        foot = foot_text(unit, source_line(ordered_sources, lang), lang)
        for narrow in VARIANTS:
            layout = base_layout(
                title,
                foot,
                lang,
                narrow,
                legend=[model.region_name, longest],
                axis_title=False,
                xaxis=year_axis(years, narrow),
                # the unit is in the subtitle: a y-axis title would crowd the numbers on a phone
                yaxis={
                    **value_axis(_lowest(shown), headroom * _highest(shown), lang, narrow, whole),
                    "automargin": True,
                },
            )
            plot = 230 if narrow else max(240, 22 * len(model.areas) + 16)
            layout["height"] = layout["margin"]["t"] + layout["margin"]["b"] + plot
            shapes, labels = _break_marks(indicator.breaks, years, lang)
            layout["annotations"] = [*marks, *labels]
            if shapes:
                layout["shapes"] = shapes
            if narrow:
                spec["narrow"][lang] = {"layout": layout}
            else:
                spec["figs"][lang] = {"data": data, "layout": layout}
        spec["alt"][lang] = describe.trend(name, model.region_name, region, unit, lang, period)
        spec["alt"][lang] += "".join(
            texts.t(lang, "alt_break", year=b.from_year, note=b.note[lang])
            for b in crossed(indicator.breaks, years)
        )
        spec["areaAlt"][lang] = area_alt
        spec["areaAnnotations"][lang] = area_marks
        spec["areaTraces"] = traces
    return spec


def _no_region_note(model: Model, lang: str) -> dict[str, Any]:
    """The note a trend chart carries when the region itself has no value in any year."""
    return {
        "x": 0.5,
        "y": 0.5,
        "xref": "paper",
        "yref": "paper",
        "showarrow": False,
        "text": texts.t(lang, "no_region_values", region=model.region_name),
        "font": {"size": MIN_TEXT, "color": "#000000"},
    }


def rank_key(p: Point) -> tuple[bool, tuple[int, float], str]:
    """Published first; then the highest value (missing values last); then by name."""
    value = (1, 0.0) if p.value != p.value else (0, -p.value)
    return (not p.published, value, p.area_name)


def latest_compared(model: Model, indicator: Indicator) -> tuple[int | None, list[Point]]:
    """The compared areas in the latest final year: the latest in which any of them has an ok
    value (a preliminary year, whose reports are not all in, is never the headline); else the
    latest with a published value, else the latest with a row. Ranked: highest first, values
    that are not published last (by name)."""
    codes = {code for code, _ in model.areas}
    rows = [p for p in indicator.points if p.area_code in codes]
    if not rows:
        return None, rows
    final = [p for p in rows if p.status == "ok" and p.published]
    year = max(p.year for p in (final or [p for p in rows if p.published] or rows))
    return year, sorted((p for p in rows if p.year == year), key=rank_key)


# The share of the expected enterprise reports that are in (the catalogue's numerator and
# denominator say how it is counted): shown beside a preliminary year.
COVERAGE_ID = "asf_report_coverage"
# The enterprises with a report for the year: in the region, the coverage's numerator.
RECEIVED_ID = "asf_count"


def newer_preliminary(model: Model, indicator: Indicator, year: int | None, lang: str) -> str:
    """A note on the newest year after the headline `year` with preliminary values, e.g.
    '2025: preliminärt, 4,2 % av väntade årsrapporter inkomna'; '' when there is none."""
    if year is not None and (overdue := overdue_note(model, indicator, year, lang)):
        return overdue
    newer = [p.year for p in indicator.points if p.status == "preliminary" and p.published]
    if year is None or not newer or max(newer) <= year:
        return ""
    latest = max(newer)
    coverage = _region_value(model, COVERAGE_ID, latest)
    if coverage is None:
        return texts.t(lang, "newer_preliminary", year=latest)
    share = texts.number(coverage.value, "%", lang) + " %"
    received = _region_value(model, RECEIVED_ID, latest)
    if received is None or not coverage.value:
        return texts.t(lang, "newer_preliminary_coverage", year=latest, coverage=share)
    expected = round(100 * received.value / coverage.value)
    return texts.t(
        lang,
        "newer_preliminary_counts",
        year=latest,
        received=texts.number(received.value, "", lang),
        expected=texts.number(expected, "", lang),
        coverage=share,
    )


def overdue_note(model: Model, indicator: Indicator, year: int, lang: str) -> str:
    """For an indicator with values in a reporting year after `year` whose reports are overdue:
    '2025: 0 of 24 expected reports, due 2026-03-31'; '' otherwise."""
    years = {p.year for p in indicator.points}
    overdue = [y for y in model.overdue_years if y["year"] > year and y["year"] in years]
    if not overdue:
        return ""
    last = overdue[-1]
    return texts.t(
        lang,
        "overdue_reports",
        year=int(last["year"]),
        received=texts.number(last["reported"], "", lang),
        expected=texts.number(last["expected"], "", lang),
        due=f"{last['due_date']:%Y-%m-%d}",
    )


def _region_value(model: Model, indicator_id: str, year: int) -> Point | None:
    """The region's published value of one indicator in one year."""
    for goal in model.goals:
        for indicator in goal.indicators:
            if indicator.indicator_id == indicator_id:
                for p in indicator.by_area.get(model.region_code, []):
                    if p.year == year and p.published:
                        return p
    return None


def region_points(model: Model, indicator: Indicator, year: int) -> list[Point]:
    """The region's row(s) of one year."""
    return [p for p in indicator.by_area.get(model.region_code, []) if p.year == year]
