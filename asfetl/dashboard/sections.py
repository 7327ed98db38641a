"""The page's parts as HTML: the header and its sticky bar, the contents and every section."""

from html import escape
from typing import Any

from asfetl.dashboard import (
    charts,
    plan_charts,
    plan_status,
    quality,
    summary,
    tables,
    target_groups,
    texts,
)
from asfetl.dashboard.compare import compare_chart
from asfetl.dashboard.model import Indicator, Model, sources
from asfetl.dashboard.tables import both, say


def _labels(key: str, **values: Any) -> str:
    """An accessible name in both languages; the script sets aria-label to the page's."""
    return "".join(
        f' data-label-{lang}="{escape(texts.t(lang, key, **values))}"' for lang in texts.LANGS
    )


def chart_card(spec: dict[str, Any], caption: str, table_html: str, lang: str) -> str:
    """A chart as an image with a sentence for screen readers (the script keeps it current),
    its data as a table, and one button that saves it as a PNG: no toolbar, nothing online."""
    alt = spec["alt"][lang] + texts.t(lang, "alt_table")
    return (
        '<figure class="chart-card card">'
        f'<div class="chart" id="{spec["id"]}" role="img" aria-label="{escape(alt)}"></div>'
        f'<figcaption class="sr-only">{caption}</figcaption>'
        '<div class="chart-tools">'
        f"<details><summary>{say('table_fallback')}</summary>"
        f'<div class="table-wrap">{table_html}</div></details>'
        f'<button type="button" class="download" data-download="{spec["id"]}">'
        f"{say('download')}</button>"
        "</div></figure>"
    )


def picture_card(chart: dict[str, Any], caption: str, table_html: str) -> str:
    """A chart drawn when the page was written (plan_charts): its pictures in both languages
    and both widths, the stylesheet showing one; each an image named by the sentence saying
    what it shows. The same table and PNG button as a Plotly chart's."""
    pictures = "".join("".join(chart["pictures"][lang]) for lang in texts.LANGS)
    return (
        '<figure class="chart-card card">'
        f'<div class="chart svg-chart" id="{chart["id"]}" data-file="{chart["file"]}">'
        f"{pictures}</div>"
        f'<figcaption class="sr-only">{caption}</figcaption>'
        '<div class="chart-tools">'
        f"<details><summary>{say('table_fallback')}</summary>"
        f'<div class="table-wrap">{table_html}</div></details>'
        f'<button type="button" class="download" data-download="{chart["id"]}">'
        f"{say('download')}</button>"
        "</div></figure>"
    )


def _notes(indicator: Indicator) -> str:
    statuses = set(indicator.values.status)
    keys = []
    if "suppressed" in statuses:
        shown = {texts.symbol(p.status, p.disclosure) for p in indicator.points}
        keys += [key for mark, key in (("<5", "note_suppressed_people"),
                                       ("..", "note_suppressed_other")) if mark in shown]  # fmt: skip
    if "missing" in statuses:
        keys.append("note_missing")
    if "preliminary" in statuses:
        keys.append("note_preliminary")
    notes = "".join(f"<li>{say(key)}</li>" for key in keys)
    years = sorted(set(indicator.values.year))
    for b in charts.crossed(indicator.breaks, years):
        note = both(
            lambda lang, b=b: escape(
                texts.t(lang, "note_break", year=b.from_year, note=b.note[lang])
            ),
            tag="span",
        )
        notes += f'<li class="break">{note}</li>'
    return notes


def indicator_article(
    model: Model, indicator: Indicator, specs: list[dict[str, Any]], lang: str
) -> str:
    """An indicator's trend and, where the municipalities have values, their comparison."""
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
            charts.foot_text(indicator.unit, sources(indicator.values, lang), lang, sep=" · ")
        ),
        tag="span",
    )
    trend = charts.trend_chart(model, indicator, f"chart-{slug}-trend")
    compare = compare_chart(model, indicator, f"chart-{slug}-compare")
    cards = [chart_card(trend, caption, tables.trend_table(model, indicator), lang)]
    specs.append(trend)
    if compare is not None:  # an indicator of the region alone has nothing to compare
        cards.append(chart_card(compare, caption, tables.compare_table(model, indicator), lang))
        specs.append(compare)
    notes = _notes(indicator)
    return (
        head
        + f'<div class="grid">{"".join(cards)}</div>'
        + (f'<ul class="notes">{notes}</ul>' if notes else "")
        + "</article>"
    )


def plan_section(model: Model) -> str:
    """The plan's progress and activities: pictures drawn here, no Plotly (plan_charts)."""
    cards = []
    for chart, caption, table_html in (
        (
            plan_charts.progress_chart(model, "chart-plan-progress"),
            say("plan_source"),
            tables.progress_table,
        ),
        (
            plan_charts.activities_chart(model, "chart-plan-activities"),
            say("activities_source"),
            tables.activities_table,
        ),
    ):
        if chart is not None:
            cards.append(picture_card(chart, caption, table_html(model)))
    example = f'<p class="intro">{say("example_note")}</p>' if model.has_examples else ""
    over = plan_status.period(model)
    intro = (
        f'<p class="intro period-over"><strong>{say("period_over", start=over[0], end=over[1])}'
        "</strong></p>"
        if over
        else f'<p class="intro">{say("progress_intro")}</p>'
    )
    return (
        f'<section id="plan"><h2>{say("progress_heading")}</h2>'
        f"{intro}{example}"
        f'<div class="grid">{"".join(cards)}</div></section>'
    )


def area_section(model: Model, carried: dict[str, str] | None = None) -> str:
    """The chosen area at a glance (the region's until a municipality is chosen): first in the
    page, and scrolled to when a municipality is chosen. With `carried`, each municipality's
    panel goes there instead (the page carries them compressed; the script adds the chosen)."""
    panels = []
    for code, name in [(model.region_code, model.region_name), *model.areas]:
        heading = say("area_heading", area=name)
        region = code == model.region_code
        panel = (
            f'<div class="card" data-area-panel="{escape(code)}"{"" if region else " hidden"}>'
            f'<h2 class="area-heading">{heading}</h2>{summary.area_summary(model, code, name)}'
            "</div>"
        )
        if carried is not None and not region:
            carried[code] = panel
        else:
            panels.append(panel)
    return f'<section id="area">{"".join(panels)}</section>'


def quality_section(model: Model) -> str:
    notes = "".join(
        f"<li>{say(key)}</li>"
        for key in (
            "note_ok",
            "note_suppressed_people",
            "note_suppressed_other",
            "note_missing",
            "note_preliminary",
        )
    )
    return (
        f'<section id="quality"><h2>{say("quality_heading")}</h2><div class="grid">'
        f'<div class="card"><h3>{say("freshness_heading")}</h3>'
        f'<div class="table-wrap">{quality.freshness_table(model)}</div>'
        f"<h3>{say('validation_heading')}</h3>"
        f'<div class="table-wrap">{quality.validation_table(model)}</div></div>'
        f'<div class="card"><h3>{say("runs_heading")}</h3>'
        f'<div class="table-wrap">{quality.runs_table(model)}</div>'
        f'<h3>{say("symbols_heading")}</h3><ul class="notes">{notes}</ul></div>'
        "</div></section>"
    )


def nav(model: Model) -> str:
    """The contents: each section by a short name (a sub-goal's name up to its colon)."""
    links = [("area", say("area_label")), ("plan", say("progress_heading"))]
    if target_groups.groups(model):
        links.append((target_groups.SECTION_ID, say("tg_heading")))
    links += [
        (f"goal-{goal.key}", both(lambda lang, g=goal: escape(g.short[lang]), "span"))
        for goal in model.goals
    ]
    links.append(("quality", say("quality_heading")))
    items = "".join(f'<li><a href="#{anchor}">{label}</a></li>' for anchor, label in links)
    label = escape(texts.t("sv", "nav"))
    return f'<nav class="toc" aria-label="{label}"{_labels("nav")}><ul>{items}</ul></nav>'


def header(model: Model, lang: str) -> str:
    """The title and the full sample-data notice scroll away; the bar with the municipality,
    the language and a short sample-data mark stays at the top (a phone keeps its screen)."""
    region = model.region_name
    options = [f'<option value="">{escape(texts.t(lang, "whole_region", region=region))}</option>']
    options += [f'<option value="{escape(c)}">{escape(n)}</option>' for c, n in model.areas]
    buttons = "".join(
        f'<button type="button" data-set-lang="{code}" aria-pressed="{str(code == lang).lower()}"'
        f' lang="{code}">{label}</button>'
        for code, label in (("sv", "Svenska"), ("en", "English"))
    )
    banner, mark = "", ""
    if model.is_sample:
        banner = f'<p class="sample-banner" id="sample-banner">{say("sample_banner")}</p>'
        mark = (
            f'<p class="sample-mark" id="sample-mark">{say("sample_short")}'
            f'<span class="wide-only">{say("sample_short_rest")}</span></p>'
        )
    return (
        '<header class="top"><div class="top-inner">'
        f'<h1 id="page-title">{say("title")}</h1>'
        f'<p class="subtitle">{say("subtitle", region=region)}</p></div>{banner}</header>'
        f'<div class="bar" id="bar" role="region" aria-label="{escape(texts.t(lang, "controls"))}"'
        f'{_labels("controls")}><div class="bar-inner">'
        '<div class="area-control"><label for="area-select">'
        f'{say("area_label")}</label><select id="area-select">{"".join(options)}</select></div>'
        f'<div class="lang-switch" role="group" aria-label="Språk / Language">{buttons}</div>'
        f"{mark}</div></div>"
    )


def footer(model: Model) -> str:
    info = model.info
    return both(
        lambda lang: escape(
            texts.t(
                lang,
                "built",
                built=quality.when(info.get("built_at")),
                run=info.get("run_id", "–"),
                version=info.get("asfetl_version", "–"),
            )
            + " "
            + texts.t(lang, "contract")
        ),
        tag="p",
    )
