"""The target groups ("Målgrupperna", issue 26 item 7) and Sweden in the municipality summary
(issue 28 item 2): Kumla beside the county and Sweden, against the rows conftest's
add_sweden_and_sex_split put in the test's own copy of the sample warehouse."""

import re

import pytest

from asfetl.dashboard import target_groups as tg
from asfetl.dashboard.charts import trend_chart
from asfetl.dashboard.model import Indicator, Model, build_model
from asfetl.dashboard.render import _page_parts
from asfetl.dashboard.summary import area_summary
from tests.dashboard.conftest import BENCHMARK_YEAR

KUMLA = "1881"
NBSP = "\u00a0"
# The catalogue's open statistics, population aside: the four labour-market KPIs the plan began
# with and the fourteen of issue 26 (sql/seeds/indicators.csv, source 'Källa: Kolada').
TARGET_GROUPS = {
    "long_term_unemployment_25_64", "unemployment_18_65", "economic_assistance_share",
    "employment_rate_20_64", "programme_activity_support_18_65", "long_term_unemployment_18_24",
    "long_term_unemployment_18_65", "long_term_unemployment_labour_force_25_65", "neet_16_24",
    "long_term_economic_assistance_adults", "economic_assistance_unemployed_share",
    "ill_health_days", "sickness_compensation_fte", "activity_compensation_fte",
    "employment_rate_foreign_born_20_64", "labour_market_measures_net_cost_per_inhabitant",
    "labour_market_measures_purchased_share", "region_purchases_from_nonprofits_share",
}  # fmt: skip


@pytest.fixture(scope="module")
def model(benchmarked_data) -> Model:
    return build_model(benchmarked_data)


def _indicator(model: Model, indicator_id: str) -> Indicator:
    return next(i for g in model.goals for i in g.indicators if i.indicator_id == indicator_id)


def _lines(model: Model, indicator_id: str, lang: str = "sv") -> dict[str, str]:
    """Kumla's, the county's and Sweden's line as the card says them, value and split."""
    indicator = _indicator(model, indicator_id)
    year = tg.headline_year(model, indicator)
    lines = {
        "Kumla": tg.area_line(model, indicator, KUMLA, "Kumla", year),
        "county": tg.area_line(model, indicator, "18", "Örebro län", year),
        "Sweden": tg.sweden_line(indicator, year, lang),
    }
    return {
        who: " ".join(
            part for part in (tg.said(line, indicator, lang), tg.split_said(line, indicator, lang))
            if part
        ).replace(NBSP, " ")
        for who, line in lines.items()
    }  # fmt: skip


def test_the_rule_takes_the_open_statistics_but_population(model):
    found = {i.indicator_id for _, indicators in tg.groups(model) for i in indicators}
    assert found == TARGET_GROUPS
    # the people first (context), then the sub-goal the purchases inform
    assert [goal.key for goal, _ in tg.groups(model)] == ["context", "2"]


def test_sweden_is_a_benchmark_never_an_area_of_the_region(model):
    assert "00" not in {code for code, _ in model.areas}
    assert all("00" not in i.by_area for g in model.goals for i in g.indicators)
    population = _indicator(model, "population")
    assert [(p.year, p.value) for p in population.sweden] == [(BENCHMARK_YEAR, 10587710.0)]
    # the county's population chart is not set to Sweden's scale (the county: about 310 000)
    spec = trend_chart(model, population, "chart-population-trend")
    assert spec["figs"]["sv"]["layout"]["yaxis"]["range"][1] < 1_000_000
    assert "Riket" not in str(spec) and "Sverige" not in str(spec)
    html = "".join(_page_parts(model, "sv"))
    assert '<option value="00"' not in html and 'data-area-row="00"' not in html


def test_kumla_beside_the_county_and_sweden_with_women_and_men(model):
    assert tg.headline_year(model, _indicator(model, "long_term_unemployment_18_65")) == 2025
    assert _lines(model, "long_term_unemployment_18_65") == {
        "Kumla": "4,6 % kvinnor 4,1 %, män 5,2 %",
        "county": "5,0 % kvinnor 4,5 %, män 5,4 %",
        "Sweden": "3,9 % kvinnor 3,6 %, män 4,2 %",
    }
    assert _lines(model, "long_term_unemployment_18_65", "en") == {
        "Kumla": "4.6 % women 4.1 %, men 5.2 %",
        "county": "5.0 % women 4.5 %, men 5.4 %",
        "Sweden": "3.9 % women 3.6 %, men 4.2 %",
    }


def test_no_county_value_is_made_up_for_a_kpi_of_municipalities_only(model):
    assert _lines(model, "long_term_economic_assistance_adults") == {
        "Kumla": "2,5 % kvinnor 2,2 %, män 2,8 %",
        "county": "publiceras inte för länet av källan",
        "Sweden": "2,1 % kvinnor 1,9 %, män 2,3 %",
    }
    lines = _lines(model, "long_term_economic_assistance_adults", "en")
    assert lines["county"] == "not published for the county by the source"


def test_suppressed_preliminary_and_missing_are_said_in_words(model):
    fte = _lines(model, "activity_compensation_fte")
    assert fte["Kumla"] == "skyddad uppgift för 2025, visas inte"  # and no split beside it
    assert fte["Sweden"] == "21 000 helårsekvivalenter"
    assert _lines(model, "activity_compensation_fte", "en")["Sweden"] == (
        "21,000 full-year equivalents"
    )
    assert _lines(model, "economic_assistance_share")["Sweden"] == (
        "5,2 % – preliminärt, inte slutligt"
    )
    assert _lines(model, "long_term_unemployment_18_24")["Sweden"] == "uppgift saknas för 2025"
    assert _lines(model, "long_term_unemployment_18_24", "en")["Sweden"] == "no value for 2025"
    # 2025 missing everywhere in the region: 2024 is the headline, and Sweden has no row of it
    unemployment = _indicator(model, "unemployment_18_65")
    assert tg.headline_year(model, unemployment) == 2024
    assert tg.area_line(model, unemployment, KUMLA, "Kumla", 2024).state == "ok"
    assert _lines(model, "unemployment_18_65", "en")["Sweden"] == "no value for 2024"
    # a figure Sweden has no row of at all, and one the source has for the region only
    assert _lines(model, "neet_16_24", "en")["Sweden"] == "no value for Sweden"
    region_only = _lines(model, "region_purchases_from_nonprofits_share", "en")
    assert region_only["Kumla"] == "not published for municipalities by the source"
    assert region_only["Sweden"] == "2.4 %"


def _card(html: str, indicator_id: str, lang: str) -> str:
    section = html[html.index(f'<section id="{tg.SECTION_ID}">') :]
    section = section[section.index(f'<div lang="{lang}">') :]
    start = section.index(f'data-indicator="{indicator_id}"')
    return section[start : section.index("</li>", start)]


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).replace(NBSP, " ").split())


def test_the_section_follows_the_chosen_municipality_with_source_and_breaks(model):
    html = tg.section(model)
    card = _card(html, "long_term_unemployment_25_64", "sv")
    # one line per municipality, hidden until it is chosen; the county and Sweden always shown
    hidden = re.findall(r'<div data-area-panel="(\d+)" hidden>', card)
    assert sorted(hidden) == sorted(code for code, _ in model.areas) and len(hidden) == 12
    text = _text(card)
    assert "År 2025 · Källa: Kolada" in text
    assert "Brott i serien 2023: Från 2023 avser Kolada N03926 åldrarna 25–65 år" in text
    assert "Sverige inget värde för Sverige" in text  # no Sweden row of this KPI here
    english = _text(_card(html, "long_term_unemployment_18_65", "en"))
    assert "Kumla 4.6 % women 4.1 %, men 5.2 %" in english
    assert "Örebro län 5.0 % women 4.5 %, men 5.4 %" in english
    assert "Sweden 3.9 % women 3.6 %, men 4.2 %" in english
    assert "Year 2025 · Source: Kolada" in english
    # the whole region chosen: a sentence says what choosing a municipality shows
    assert '<p class="intro" data-area-panel="18">Välj en kommun' in html


def test_without_sweden_or_the_split_the_section_says_so(data):
    """The warehouse as the pipeline wrote it before issue 26's data: no Sweden, no split (made
    so here, whatever the sample carries)."""
    values, split = data["indicator_values"], data["indicator_sex_split"]
    before = {
        **data,
        "indicator_values": values[values.area_code != "00"],
        "indicator_sex_split": split[["indicator_id", "area_code", "year"]],
    }
    model = build_model(before)
    indicator = _indicator(model, "long_term_unemployment_18_65")
    year = tg.headline_year(model, indicator)
    line = tg.sweden_line(indicator, year, "sv")
    assert tg.said(line, indicator, "sv") == "inget värde för Sverige"
    kumla = tg.area_line(model, indicator, KUMLA, "Kumla", year)
    assert kumla.state == "ok" and tg.split_said(kumla, indicator, "sv") == ""
    assert "Sverige:" not in _text(area_summary(model, KUMLA, "Kumla"))


def test_the_municipality_summary_sets_sweden_beside_the_county(model):
    html = area_summary(model, KUMLA, "Kumla")
    part = html[html.index('<div lang="sv">') :]
    start = part.index('data-indicator="long_term_unemployment_18_65"')
    card = _text(part[start : part.index("</li>", start)])
    assert "4,6 % (2025)" in card
    assert "Örebro län: 5,0" in card and "Sverige: 3,9" in card
    assert "med Örebro län och Sverige samma år" in _text(part)


def test_the_contents_link_the_section_after_the_plan(model):
    html = "".join(_page_parts(model, "sv"))
    nav = html[html.index('<nav class="toc"') : html.index("</nav>")]
    assert nav.index('href="#plan"') < nav.index(f'href="#{tg.SECTION_ID}"')
    main = html[html.index('<main id="main">') :]
    assert main.index('<section id="plan">') < main.index(f'<section id="{tg.SECTION_ID}">')


def test_the_whole_country_sets_a_county_beside_sweden_once(benchmarked_data):
    """A run for the whole country (region 00): the chooser's areas are counties; Sweden is the
    region itself, its one line, and no second line of Sweden beside it."""
    info = benchmarked_data["build_info"].copy()
    info["region_code"], info["region_name"] = "00", "Riket"
    model = build_model({**benchmarked_data, "build_info": info})
    assert model.areas == [("18", "Örebro län")]
    card = _text(_card(tg.section(model), "long_term_unemployment_18_65", "en"))
    assert "Örebro län 5.0 % women 4.5 %, men 5.4 %" in card
    assert "Riket 3.9 % women 3.6 %, men 4.2 %" in card and "Sweden" not in card


def test_a_newer_preliminary_year_is_said_after_the_headline_value():
    """Sweden final in 2025 and preliminary in 2026: the card's year is 2025, 2026 said after."""
    import pandas as pd

    rows = [("00", "Riket", "country", 2025, 3.0, "ok"), ("00", "Riket", "country", 2026, 3.2,
            "preliminary")]  # fmt: skip
    columns = ["area_code", "area_name", "area_level", "year", "value", "status"]
    country = pd.DataFrame(rows, columns=columns).assign(unit="%", source="Källa: Kolada")
    indicator = Indicator(
        "x", {}, {}, "%", None, "none", country.iloc[0:0], country=country, source="Källa: Kolada"
    )
    line = tg.sweden_line(indicator, 2025, "sv")
    assert tg.said(line, indicator, "sv") == "3,0 %; 2026: 3,2 % preliminärt"
    assert tg.said(tg.sweden_line(indicator, 2025, "en"), indicator, "en") == (
        "3.0 %; 2026: 3.2 % preliminary"
    )
