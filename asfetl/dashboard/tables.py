"""HTML tables: every chart's data as a table, and the plan, area and data-quality tables."""

from collections.abc import Callable, Iterable, Sequence
from html import escape
from typing import Any

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.charts import latest_compared, newer_preliminary, region_points
from asfetl.dashboard.model import Indicator, Model
from asfetl.dashboard.plan_charts import progress_label, subgoal_label


def both(render: Callable[[str], str], tag: str = "div") -> str:
    """The same piece in Swedish and English; the page shows the one of its current language."""
    return "".join(f'<{tag} lang="{lang}">{render(lang)}</{tag}>' for lang in texts.LANGS)


def say(key: str, **values: Any) -> str:
    return both(lambda lang: escape(texts.t(lang, key, **values)), tag="span")


def table(
    headers: Sequence[str],
    rows: Iterable[Sequence[str]],
    *,
    numeric: Sequence[bool] | None = None,
    row_attrs: Sequence[str] | None = None,
    caption: str = "",
) -> str:
    """A table of already escaped cells; numeric columns are right-aligned."""
    numeric = numeric or [False] * len(headers)
    head = "".join(
        f'<th scope="col"{" class=num" if num else ""}>{h}</th>'
        for h, num in zip(headers, numeric, strict=True)
    )
    body = []
    for i, row in enumerate(rows):
        attrs = f" {row_attrs[i]}" if row_attrs else ""
        cells = "".join(
            f"<td{' class=num' if num else ''}>{c}</td>"
            for c, num in zip(row, numeric, strict=True)
        )
        body.append(f"<tr{attrs}>{cells}</tr>")
    cap = f"<caption>{caption}</caption>" if caption else ""
    return f"<table>{cap}<thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def trend_table(model: Model, indicator: Indicator) -> str:
    """Areas down, years across: the region first, then every compared area."""
    points = indicator.points
    years = sorted({p.year for p in points})
    areas = [(model.region_code, model.region_name), *model.areas]
    grid = {(p.area_code, p.year): p for p in points}

    def render(lang: str) -> str:
        rows, attrs = [], []
        for code, name in areas:
            cells = []
            for year in years:
                r = grid.get((code, year))
                cells.append(
                    escape(texts.cell(r.value, r.status, r.unit, lang, disclosure=r.disclosure))
                    if r
                    else ""
                )
            if any(cells):
                rows.append([escape(name), *cells])
                attrs.append(f'data-area-row="{escape(code)}"')
        return table(
            [escape(texts.t(lang, "area")), *map(str, years)],
            rows,
            numeric=[False, *[True] * len(years)],
            row_attrs=attrs,
        )

    return both(render)


def compare_table(model: Model, indicator: Indicator) -> str:
    year, rows = latest_compared(model, indicator)
    if year is None:
        return ""
    region = region_points(model, indicator, year)

    def render(lang: str) -> str:
        body, attrs = [], []
        rank = 0
        for r in rows:
            published = r.published
            rank += published
            body.append(
                [
                    str(rank) if published else "",
                    escape(r.area_name),
                    escape(texts.cell(r.value, r.status, r.unit, lang, disclosure=r.disclosure)),
                ]
            )
            attrs.append(f'data-area-row="{escape(r.area_code)}"')
        for r in region:
            label = texts.t(lang, "region_value", region=model.region_name)
            body.append(
                [
                    "",
                    escape(label),
                    escape(texts.cell(r.value, r.status, r.unit, lang, disclosure=r.disclosure)),
                ]
            )
            attrs.append('class="region-row"')
        headers = [texts.t(lang, "rank"), texts.t(lang, "area"), f"{texts.t(lang, 'value')} {year}"]
        return table(
            [escape(h) for h in headers],
            body,
            numeric=[True, False, True],
            row_attrs=attrs,
            # a newer preliminary year, named as under the chart
            caption=escape(newer_preliminary(model, indicator, year, lang)),
        )

    return both(render)


def progress_table(model: Model) -> str:
    def render(lang: str) -> str:
        body = []
        for r in model.progress.itertuples():
            indicator = _indicator(model, r.indicator_id)
            unit = indicator.unit if indicator else ""
            body.append(
                [
                    escape(progress_label(model, r, lang)),
                    f"{escape(texts.number(r.baseline_value, unit, lang))} ({r.baseline_year})",
                    f"{escape(texts.number(r.target_value, unit, lang))} ({r.target_year})",
                    _latest(r, unit, indicator.disclosure if indicator else "none", lang),
                    escape(texts.number(r.progress_pct, "%", lang) or "–"),
                    escape(texts.PLAN_STATUS[lang].get(r.plan_status, r.plan_status)),
                ]
            )
        keys = ["indicator", "baseline", "target", "latest", "progress", "status"]
        headers = [escape(texts.t(lang, k)) for k in keys]
        headers[4] += " (%)"
        return table(headers, body, numeric=[False, True, True, True, True, False])

    return both(render)


def _indicator(model: Model, indicator_id: str) -> Indicator | None:
    for goal in model.goals:
        for indicator in goal.indicators:
            if indicator.indicator_id == indicator_id:
                return indicator
    return None


def _latest(r: Any, unit: str, disclosure: str, lang: str) -> str:
    if pd.isna(r.latest_year):
        return "–"
    status = r.latest_status if isinstance(r.latest_status, str) else "ok"
    value = texts.cell(r.latest_value, status, unit, lang, disclosure=disclosure)
    return f"{escape(value)} ({int(r.latest_year)})"


def activities_table(model: Model) -> str:
    subgoal_names = {
        "sv": lambda r: str(r.subgoal_name_sv),
        "en": lambda r: str(r.subgoal_name_en),
    }

    def render(lang: str) -> str:
        body = []
        for r in model.activities.itertuples():
            period = "–".join(str(int(y)) for y in (r.first_year, r.last_year) if not pd.isna(y))
            held, planned = r.meetings_held, r.meetings_planned
            meetings = (
                ""
                if pd.isna(held) and pd.isna(planned)
                else f"{'–' if pd.isna(held) else int(held)} / "
                f"{'–' if pd.isna(planned) else int(planned)}"
            )
            body.append(
                [
                    escape(r.activity_id),
                    escape(subgoal_label(int(r.subgoal_id), subgoal_names[lang](r), lang)),
                    escape(r.name_sv if lang == "sv" else r.name_en),
                    escape(r.owner if isinstance(r.owner, str) else ""),
                    period,
                    escape(texts.ACTIVITY_STATUS[lang][r.status]),
                    "" if pd.isna(r.status_year) else str(int(r.status_year)),
                    meetings,
                ]
            )
        keys = ["number", "subgoal_col", "activity", "owner", "period", "status", "status_year"]
        headers = [escape(texts.t(lang, k)) for k in [*keys, "meetings"]]
        return table(headers, body, numeric=[False] * 6 + [True, True])

    return both(render)


def _newer(newer: Any, indicator: Indicator, lang: str) -> str:
    """' · 2025: 3 prel.': a newer year's preliminary value beside the final one."""
    if newer is None:
        return ""
    value = texts.cell(newer.value, newer.status, indicator.unit, lang, disclosure=newer.disclosure)
    return f" · {newer.year}: {value}"


def area_panel(model: Model, code: str, name: str) -> str:
    """The latest published value of every indicator for one area, beside the region's."""
    latest = []  # (indicator, its latest row for the area, the region's row(s) that year)
    for goal in model.goals:
        for indicator in goal.indicators:
            rows = indicator.by_area.get(code)
            if rows:
                # the latest final value (a preliminary year is never the headline), else the last
                final = [p for p in rows if p.status == "ok" and p.published]
                r = final[-1] if final else rows[-1]
                newer = [p for p in rows if p.year > r.year and p.published]
                region = region_points(model, indicator, r.year)
                latest.append((indicator, r, region, newer[-1] if newer else None))

    def render(lang: str) -> str:
        body = []
        for indicator, r, region, newer in latest:
            region_cell = (
                texts.cell(
                    region[0].value,
                    region[0].status,
                    indicator.unit,
                    lang,
                    disclosure=region[0].disclosure,
                )
                if region
                else ""
            )
            body.append(
                [
                    escape(indicator.name[lang]),
                    str(r.year),
                    escape(
                        texts.cell(r.value, r.status, indicator.unit, lang, disclosure=r.disclosure)
                        + _newer(newer, indicator, lang)
                    ),
                    escape(region_cell),
                    escape(texts.unit_text(indicator.unit, lang)),
                ]
            )
        headers = [
            texts.t(lang, "indicator"),
            texts.t(lang, "year"),
            name,
            model.region_name,
            texts.t(lang, "unit"),
        ]
        if code == model.region_code:
            headers.pop(3)
            body = [row[:3] + row[4:] for row in body]
        numeric = [*[False, True, True, True][: len(headers) - 1], False]
        return table([escape(h) for h in headers], body, numeric=numeric)

    return both(render)
