"""The dashboard as one HTML file: Plotly, styles, script and data inline; written atomically."""

import importlib.util
import json
import os
import tempfile
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from asfetl.dashboard import charts, plan_charts, tables, texts
from asfetl.dashboard.model import Indicator, Model, build_model, sources
from asfetl.dashboard.queries import load_dashboard_data
from asfetl.dashboard.tables import both, say
from asfetl.errors import AsfetlError
from asfetl.warehouse.database import connect_read_only

STATIC = Path(__file__).parent / "static"


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


@cache
def _plotly_js_bytes() -> bytes:
    """plotly.min.js (4.8 MB) as UTF-8, read once per process: the file get_plotlyjs reads,
    found in plotly's package folder without importing plotly (which costs more than the read)."""
    spec = importlib.util.find_spec("plotly")
    origin = Path(spec.origin) if spec and spec.origin else None
    path = origin.parent / "package_data" / "plotly.min.js" if origin else None
    if path is not None and path.is_file():
        return path.read_bytes()
    from plotly.offline import get_plotlyjs  # e.g. plotly installed in a zip

    return get_plotlyjs().encode("utf-8")


@cache
def _plotly_js() -> str:
    return _plotly_js_bytes().decode("utf-8")


def write_dashboard(warehouse: Path, out: Path, lang: str = "sv") -> Path:
    """Read the published warehouse and write the dashboard to `out` (temp file + rename)."""
    if lang not in texts.LANGS:
        raise AsfetlError(f"--lang {lang!r} is not a dashboard language; use sv or en.")
    with connect_read_only(warehouse) as con:
        try:
            data = load_dashboard_data(con)
        except duckdb.CatalogException as exc:
            raise AsfetlError(
                f"The warehouse {warehouse} lacks a table the dashboard reads ({exc}); "
                "run `asfetl run` to bring it up to date."
            ) from exc
    # The page is exactly render_html's, written in pieces: Plotly's 4.8 MB go out as the bytes
    # read once per process, never copied into one big string nor encoded again.
    head, tail = _page_parts(build_model(data), lang)
    out.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=out.parent, prefix=f".{out.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(head.encode("utf-8"))
            handle.write(_plotly_js_bytes())
            handle.write(tail.encode("utf-8"))
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would lock out the people the page is for
        os.replace(tmp, out)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return out


def _chart_card(spec: dict[str, Any] | None, caption: str, table_html: str) -> str:
    if spec is None:
        return f'<div class="card"><p>{say("no_compare")}</p></div>'
    title = spec["figs"]["sv"]["layout"]["title"]["text"]
    return (
        '<figure class="chart-card card">'
        f'<div class="chart" id="{spec["id"]}" role="img" aria-label="{escape(title)}"></div>'
        f'<figcaption class="sr-only">{caption}</figcaption>'
        f"<details><summary>{say('table_fallback')}</summary>"
        f'<div class="table-wrap">{table_html}</div></details>'
        "</figure>"
    )


def _notes(indicator: Indicator) -> str:
    statuses = set(indicator.values.status)
    keys = []
    if "suppressed" in statuses:
        people = texts.is_people(indicator.unit)
        keys.append("note_suppressed_people" if people else "note_suppressed_other")
    if "missing" in statuses:
        keys.append("note_missing")
    if "preliminary" in statuses:
        keys.append("note_preliminary")
    return "".join(f"<li>{say(key)}</li>" for key in keys)


def _indicator(model: Model, indicator: Indicator, specs: list[dict[str, Any]]) -> str:
    slug = indicator.indicator_id
    head = (
        f'<article class="indicator" id="ind-{escape(slug)}">'
        f"<h3>{both(lambda lang: escape(indicator.name[lang]), tag='span')}</h3>"
        f'<p class="desc">{both(lambda lang: escape(indicator.description[lang]), tag="span")}</p>'
    )
    if len(indicator.values) == 0:
        return head + f"<p>{say('no_values')}</p></article>"
    caption = both(
        lambda lang: escape(
            charts.foot_text(indicator.unit, _sources(indicator, lang), lang, sep=" · ")
        ),
        tag="span",
    )
    trend = charts.trend_chart(model, indicator, f"chart-{slug}-trend")
    compare = charts.compare_chart(model, indicator, f"chart-{slug}-compare")
    specs += [spec for spec in (trend, compare) if spec]
    notes = _notes(indicator)
    return (
        head
        + '<div class="grid">'
        + _chart_card(trend, caption, tables.trend_table(model, indicator))
        + _chart_card(compare, caption, tables.compare_table(model, indicator))
        + "</div>"
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</article>"
    )


def _sources(indicator: Indicator, lang: str) -> str:
    return sources(indicator.values, lang)


def _plan_section(model: Model, specs: list[dict[str, Any]]) -> str:
    progress = plan_charts.progress_chart(model, "chart-plan-progress")
    activities = plan_charts.activities_chart(model, "chart-plan-activities")
    specs += [spec for spec in (progress, activities) if spec]
    example = f"<p class=intro>{say('example_note')}</p>" if model.has_examples else ""
    return (
        f'<section id="plan"><h2>{say("progress_heading")}</h2>'
        f'<p class="intro">{say("progress_intro")}</p>{example}<div class="grid">'
        + _chart_card(progress, say("plan_source"), tables.progress_table(model))
        + _chart_card(activities, say("activities_source"), tables.activities_table(model))
        + "</div></section>"
    )


def _area_section(model: Model) -> str:
    panels = []
    for code, name in [(model.region_code, model.region_name), *model.areas]:
        heading = say("area_heading", area=name)
        intro = say("area_intro", region=model.region_name) if code != model.region_code else ""
        hidden = "" if code == model.region_code else " hidden"
        panels.append(
            f'<div class="card" data-area-panel="{escape(code)}"{hidden}>'
            f'<h2 class="area-heading">{heading}</h2><p class="intro">{intro}</p>'
            f'<div class="table-wrap">{tables.area_panel(model, code, name)}</div></div>'
        )
    return f'<section id="area">{"".join(panels)}</section>'


def _quality_section(model: Model) -> str:
    notes = "".join(
        f"<li>{say(key)}</li>"
        for key in (
            "note_suppressed_people",
            "note_suppressed_other",
            "note_missing",
            "note_preliminary",
        )
    )
    return (
        f'<section id="quality"><h2>{say("quality_heading")}</h2><div class="grid">'
        f'<div class="card"><h3>{say("freshness_heading")}</h3>'
        f'<div class="table-wrap">{tables.freshness_table(model)}</div>'
        f"<h3>{say('validation_heading')}</h3>"
        f'<div class="table-wrap">{tables.validation_table(model)}</div></div>'
        f'<div class="card"><h3>{say("runs_heading")}</h3>'
        f'<div class="table-wrap">{tables.runs_table(model)}</div>'
        f'<h3>{say("symbols_heading")}</h3><ul class="notes">{notes}</ul></div>'
        "</div></section>"
    )


def _nav(model: Model) -> str:
    links = [("plan", say("progress_heading")), ("area", say("area_label"))]
    links += [
        (f"goal-{goal.key}", both(lambda lang, g=goal: escape(g.heading[lang]), "span"))
        for goal in model.goals
    ]
    links.append(("quality", say("quality_heading")))
    items = "".join(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in links)
    return f'<nav class="toc" aria-label="{escape(texts.t("sv", "nav"))}"><ul>{items}</ul></nav>'


def _header(model: Model, lang: str) -> str:
    region = model.region_name
    options = [f'<option value="">{escape(texts.t(lang, "whole_region", region=region))}</option>']
    options += [f'<option value="{escape(c)}">{escape(n)}</option>' for c, n in model.areas]
    buttons = "".join(
        f'<button type="button" data-set-lang="{code}" aria-pressed="{str(code == lang).lower()}"'
        f' lang="{code}">{label}</button>'
        for code, label in (("sv", "Svenska"), ("en", "English"))
    )
    banner = (
        f'<div class="sample-banner" id="sample-banner" role="note">{say("sample_banner")}</div>'
        if model.is_sample
        else ""
    )
    return (
        '<header class="top"><div class="top-inner"><div>'
        f'<h1 id="page-title">{say("title")}</h1>'
        f'<p class="subtitle">{say("subtitle", region=region)}</p></div>'
        '<div class="controls"><div><label for="area-select">'
        f'{say("area_label")}</label><select id="area-select">{"".join(options)}</select></div>'
        f'<div role="group" aria-label="Språk / Language">{buttons}</div></div></div>'
        f"{banner}</header>"
    )


def render_html(model: Model, lang: str = "sv") -> str:
    head, tail = _page_parts(model, lang)
    return head + _plotly_js() + tail


def _page_parts(model: Model, lang: str) -> tuple[str, str]:
    """The page before Plotly's script and after it."""
    specs: list[dict[str, Any]] = []
    plan = _plan_section(model, specs)
    goals = "".join(
        f'<section id="goal-{escape(goal.key)}">'
        f"<h2>{both(lambda lang, g=goal: escape(g.heading[lang]), tag='span')}</h2>"
        + "".join(_indicator(model, indicator, specs) for indicator in goal.indicators)
        + "</section>"
        for goal in model.goals
    )
    info = model.info
    footer = both(
        lambda lang: escape(
            texts.t(
                lang,
                "built",
                built=tables._when(info.get("built_at")),
                run=info.get("run_id", "–"),
                version=info.get("asfetl_version", "–"),
            )
            + " "
            + texts.t(lang, "contract")
        ),
        tag="p",
    )
    data = {
        "lang": lang,
        "region": model.region_code,
        "areas": [code for code, _ in model.areas],
        "titles": {code: texts.t(code, "title") for code in texts.LANGS},
        "wholeRegion": {
            code: texts.t(code, "whole_region", region=model.region_name) for code in texts.LANGS
        },
        "charts": specs,
    }
    payload = json.dumps(data, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(texts.t(lang, 'title'))}</title>"
        f"<style>{_static('dashboard.css')}</style></head><body>"
        f'<a class="skip" href="#main">{say("nav")}</a>'
        f"{_header(model, lang)}{_nav(model)}"
        f'<main id="main">{plan}{_area_section(model)}{goals}{_quality_section(model)}</main>'
        f"<footer>{footer}</footer>"
        "<script>"
    )
    tail = (
        "</script>"
        f'<script type="application/json" id="dashboard-data">{payload}</script>'
        f"<script>{_static('dashboard.js')}</script>"
        "</body></html>\n"
    )
    return head, tail
