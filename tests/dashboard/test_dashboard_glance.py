"""A municipality at a glance and preliminary years said in words (issue 28, items 2 and 3):
the summary's cards against the sample warehouse's numbers, "prel." beside a preliminary mark
with its coverage on hover, and every chart text at least 12 px."""

import re

import pandas as pd

from asfetl.dashboard import texts
from asfetl.dashboard.charts import trend_chart
from asfetl.dashboard.layout import MIN_TEXT
from asfetl.dashboard.model import build_model
from asfetl.dashboard.render import render_html
from asfetl.dashboard.summary import area_summary
from tests.dashboard.test_dashboard import carried

KUMLA = "1881"
OREBRO = "1880"  # more than two enterprises: its staff counts are published


def _with_a_preliminary_2025(data: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    """The sample with 2025 added as a preliminary year of the ASF employees (Örebro 190, the
    county 520) and of the report coverage (the county 40 %, 10 reports of the expected 25)."""
    values = data["indicator_values"]
    added = []
    for indicator, area, value in (
        ("asf_employees", OREBRO, 190.0),
        ("asf_employees", "18", 520.0),
        ("asf_report_coverage", "18", 40.0),
        ("asf_count", "18", 10.0),
    ):
        row = values[(values.indicator_id == indicator) & (values.area_code == area)]
        row = row[row.year == 2024].copy()
        row["year"], row["value"], row["status"] = 2025, value, "preliminary"
        added.append(row)
    replaced = {(r.indicator_id.iloc[0], r.area_code.iloc[0]) for r in added}
    keys = zip(values.indicator_id, values.area_code, strict=True)
    own_2025 = [
        year == 2025 and key in replaced for year, key in zip(values.year, keys, strict=True)
    ]
    kept = values[[not own for own in own_2025]]  # the sample's own 2025 (overdue) gives way
    years = data.get("reporting_years", pd.DataFrame())
    if len(years):  # and so does its row among the reporting years: 2025 is coverage's to tell
        data = {**data, "reporting_years": years[years.year != 2025]}
    return {**data, "indicator_values": pd.concat([kept, *added], ignore_index=True)}


def _card(html: str, indicator: str, lang: str = "sv") -> str:
    part = html[html.index(f'<div lang="{lang}">') :]
    start = part.index(f'data-indicator="{indicator}"')
    return re.sub(r"<[^>]+>", " ", part[start : part.index("</li>", start)])


def _words(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


def test_the_municipality_card_says_its_figure_the_change_the_county_and_the_plan(data):
    model = build_model(data)
    html = area_summary(model, KUMLA, "Kumla")
    # from the sample warehouse: Kumla's ASF 2 in 2022-2024, the county's 24; the example
    # plan's target for the county is 30 enterprises in 2025; in December 2026 that year's
    # reports are overdue (0 of 24 in), so the target year is not final: 2024's 24 beside it
    count = _words(_card(html, "asf_count"))
    assert "2 företag (2024)" in count and "samma som år 2023" in count
    assert "Örebro län: 24" in count
    assert (
        "Handlingsplanen för Örebro län: mål 30 företag år 2025; "
        "målåret 2025 inte slutligt (täckning 0,0 %) · 2024: 24"
    ) in count
    # Kumla's two enterprises' staff counts are never shown (fewer than 3 enterprises)
    kumla_staff = _words(_card(html, "asf_employees", "en"))
    assert not re.search(r"\b(30|34) people", kumla_staff), kumla_staff
    # Örebro's employees: 180 in 2023, 185 in 2024, higher is better
    employees = _words(_card(area_summary(model, OREBRO, "Örebro"), "asf_employees", "en"))
    assert "185 people (2024)" in employees
    assert "up from 180 in 2023 – the wrong way" not in employees
    assert "up from 180 in 2023 – the right way" in employees and "Örebro län: 503" in employees
    # the first card answers "how many ASF are there"
    assert html.index('data-indicator="asf_count"') < html.index('data-indicator="asf_employees"')


def test_a_card_gives_women_and_men_where_the_source_splits(data):
    """Population (SCB's Kon) and a Kolada KPI split by sex show women and men beside the
    value of the card's year; an ASF count (the report has no split) shows none."""
    model = build_model(data)
    html = area_summary(model, KUMLA, "Kumla")
    by_id = {i.indicator_id: i for goal in model.goals for i in goal.indicators}
    for indicator_id in ("population", "long_term_unemployment_18_65"):
        indicator = by_id[indicator_id]
        year = max(p.year for p in indicator.by_area[KUMLA] if p.status == "ok")
        women, men = indicator.split[(KUMLA, year)]
        card = _words(_card(html, indicator_id, "en"))
        assert f"({year})" in card, card
        assert f"women {texts.number(women, indicator.unit, 'en')}" in card, card
        assert f"men {texts.number(men, indicator.unit, 'en')}" in card, card
    assert "women" not in _words(_card(html, "asf_count", "en"))


def test_a_protected_latest_year_is_said_so_with_the_county_of_that_year(data):
    """Kumla's employees in the target group are protected 2022-2024 (two enterprises: one
    could be read from the other) and its 2025 reports are overdue: the card shows 2024, the
    latest final year, as protected in words with the county's 317 of that year, never "no
    final year yet" nor the overdue year's blank beside the county's; and the mark is the row's
    own (.. for few enterprises), never <5, which would say 1-4 people."""
    model = build_model(data)
    kumla = [
        p
        for i in model.goals
        for p in i.indicators
        if p.indicator_id == "asf_employees_target_group"
    ]
    rows = kumla[0].by_area[KUMLA]
    assert [p.status for p in rows if p.year <= 2024] == ["suppressed"] * 3  # the sample's
    html = area_summary(model, KUMLA, "Kumla")
    card = _words(_card(html, "asf_employees_target_group"))
    assert ".. (2024)" in card and "skyddad uppgift, visas inte" in card, card
    assert "Örebro län: 317" in card and "inget slutligt år än" not in card, card
    assert "<5" not in card, card
    english = _words(_card(html, "asf_employees_target_group", "en"))
    assert "protected value, not shown" in english and "Örebro län: 317" in english, english


def test_a_preliminary_year_is_marked_prel_in_the_summary_and_beside_the_mark(data):
    model = build_model(_with_a_preliminary_2025(data))
    card = _words(_card(area_summary(model, OREBRO, "Örebro"), "asf_employees"))
    assert "185 personer (2024)" in card and "2025: 190 prel." in card  # the final year leads
    indicator = next(
        i for goal in model.goals for i in goal.indicators if i.indicator_id == "asf_employees"
    )
    spec = trend_chart(model, indicator, "chart-asf_employees-trend")
    for lang in ("sv", "en"):
        region = [
            a for a in spec["figs"][lang]["layout"]["annotations"] if a.get("text") == "prel."
        ]
        assert [(a["x"], a["y"]) for a in region] == [(2025, 520.0)]
        # 10 reports in of the expected 25 (10 / 40 %), said on hover or tap
        hover = region[0]["hovertext"].replace("\u00a0", " ")
        words = "10 av 25 väntade årsrapporter" if lang == "sv" else "10 of 25 expected"
        share = "40,0 %" if lang == "sv" else "40.0 %"
        assert words in hover and share in hover, hover
        chosen = [a for a in spec["areaAnnotations"][lang][OREBRO] if a.get("text") == "prel."]
        assert [(a["x"], a["y"]) for a in chosen] == [(2025, 190.0)]
        assert region[0]["font"]["size"] >= MIN_TEXT


def test_no_chart_text_is_set_below_12_px(page):
    page = carried(page, "data-gz").decode("utf-8")  # the charts' specs
    sizes = [int(s) for s in re.findall(r'"size":(\d+)', page)]
    marker_free = [s for s in sizes if s < MIN_TEXT]
    # the only smaller sizes are markers (8 px dots), never a font
    fonts = re.findall(r'"font":\{[^{}]*"size":(\d+)', page)
    fonts += re.findall(r'"textfont":\{[^{}]*"size":(\d+)', page)
    assert fonts and min(int(s) for s in fonts) >= MIN_TEXT
    assert set(marker_free) <= {8}, sorted(set(marker_free))


def test_the_area_summary_comes_first_in_the_page_and_the_contents(data):
    html = render_html(build_model(data), "sv")
    main = html[html.index('<main id="main">') :]
    assert main.index('<section id="area">') < main.index('<section id="plan">')
    nav = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert nav.index('href="#area"') < nav.index('href="#plan"')
