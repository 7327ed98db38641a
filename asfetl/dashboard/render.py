"""The dashboard as one HTML file: Plotly, styles, script and data inline; written atomically."""

import base64
import gzip
import json
import os
import tempfile
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import duckdb

from asfetl.dashboard import sections, target_groups, texts
from asfetl.dashboard.model import Model, build_model
from asfetl.dashboard.queries import load_dashboard_data
from asfetl.dashboard.tables import both, say
from asfetl.errors import AsfetlError
from asfetl.warehouse.database import connect_read_only

STATIC = Path(__file__).parent / "static"


@cache
def _static(name: str) -> str:
    return (STATIC / name).read_text(encoding="utf-8")


PLOTLY = STATIC / "plotly-basic.min.js"  # plotly.js-basic-dist-min, vendored: bars and lines


@cache
def _plotly_js_bytes() -> bytes:
    """Plotly's basic bundle (scatter and bar traces, 1.2 MB; the full one is 4.8 MB), as the
    page carries it: gzip-compressed (mtime 0: the same bytes every time), in base64."""
    return packed(PLOTLY.read_bytes()).encode("ascii")


def packed(data: bytes) -> str:
    """gzip, then base64: how the page carries Plotly and its data (boot.js inflates them)."""
    return base64.b64encode(gzip.compress(data, compresslevel=9, mtime=0)).decode("ascii")


@cache
def _plotly_js() -> str:
    return _plotly_js_bytes().decode("ascii")


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
    # The page is exactly render_html's, written in pieces: Plotly goes out as the bytes
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


def render_html(model: Model, lang: str = "sv") -> str:
    head, tail = _page_parts(model, lang)
    return head + _plotly_js() + tail


def _page_parts(model: Model, lang: str) -> tuple[str, str]:
    """The page before Plotly's script and after it."""
    specs: list[dict[str, Any]] = []
    plan = sections.plan_section(model)
    goals = "".join(
        f'<section id="goal-{escape(goal.key)}">'
        f"<h2>{both(lambda lang, g=goal: escape(g.heading[lang]), tag='span')}</h2>"
        + "".join(
            sections.indicator_article(model, indicator, specs, lang)
            for indicator in goal.indicators
        )
        + "</section>"
        for goal in model.goals
    )
    # the municipalities' panels travel compressed with the charts (a twelfth of them, or a
    # 290th, is ever shown): the page the browser parses and lays out first is a third lighter
    panels: dict[str, str] = {}
    area = sections.area_section(model, panels)
    data = {
        "lang": lang,
        "region": model.region_code,
        "areas": [code for code, _ in model.areas],
        "titles": {code: texts.t(code, "title") for code in texts.LANGS},
        "wholeRegion": {
            code: texts.t(code, "whole_region", region=model.region_name) for code in texts.LANGS
        },
        "altTable": {code: texts.t(code, "alt_table") for code in texts.LANGS},
        "charts": specs,
        "panels": panels,
    }
    payload = packed(json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8"))
    groups = target_groups.section(model)  # the target groups: cards of words, no chart
    main = f"{area}{plan}{groups}{goals}{sections.quality_section(model)}"
    head = (
        f'<!DOCTYPE html>\n<html lang="{lang}"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(texts.t(lang, 'title'))}</title>"
        f"<style>{_static('dashboard.css')}</style></head><body>"
        f'<a class="skip" href="#main">{say("skip")}</a>'
        f"{sections.header(model, lang)}{sections.nav(model)}"
        f'<main id="main">{main}</main>'
        f"<footer>{sections.footer(model)}</footer>"
        '<script type="application/gzip+base64" id="plotly-gz">'
    )
    tail = (
        "</script>"
        f'<script type="application/gzip+base64" id="data-gz">{payload}</script>'
        f'<script type="text/plain" id="dashboard-js">{_static("dashboard.js")}</script>'
        f"<script>{_static('boot.js')}</script>"
        "</body></html>\n"
    )
    return head, tail
