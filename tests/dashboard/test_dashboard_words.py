"""The dashboard's words, numbers and axes: plain words in the page's language, honest axes."""

import re

import pytest

from asfetl.dashboard import texts, words_en, words_sv
from asfetl.dashboard.layout import value_axis
from asfetl.dashboard.model import build_model
from asfetl.dashboard.render import _page_parts
from tests.dashboard.test_dashboard import chart_specs
from tests.dashboard.test_dashboard_plan_pictures import NS, shown, texts_of

NBSP = "\u00a0"


@pytest.fixture(scope="module")
def specs(page: str) -> dict[str, dict]:
    return {spec["id"]: spec for spec in chart_specs(page)}


@pytest.fixture(scope="module")
def html(data) -> str:
    """The page without Plotly's script: everything the dashboard itself writes."""
    head, tail = _page_parts(build_model(data), "sv")
    return head + tail


def _variants(spec: dict, lang: str) -> list[dict]:
    wide = spec["figs"][lang]
    return [wide, {"data": wide["data"], **spec["narrow"][lang]}]


def test_both_languages_have_every_word():
    for name in ("WORDS", "PLAN_STATUS", "ACTIVITY_STATUS", "RUN_STATUS", "RUN_MODES", "DATASETS"):
        assert set(getattr(words_sv, name)) == set(getattr(words_en, name)), name


def test_numbers_are_written_the_way_each_language_does():
    assert texts.number(1234567.4, "kr", "sv") == f"1{NBSP}234{NBSP}567"
    assert texts.number(1234567.4, "kr", "en") == "1,234,567"
    assert texts.number(12.34, "%", "sv") == "12,3"
    assert texts.number(-2.64, "%", "sv") == "\u22122,6"
    assert (
        texts.amount(503.0, "ok", "personer / people", "sv", disclosure="people") == "503 personer"
    )
    assert texts.amount(292868.0, "ok", "antal / count", "en", disclosure="none") == "292,868"
    assert texts.amount(None, "suppressed", "personer / people", "sv", disclosure="people") == "<5"


@pytest.mark.parametrize(
    ("high", "lang", "expected"),
    [
        (25.0, "sv", ["0", "10", "20"]),
        (4.5, "sv", ["0", "2", "4"]),  # whole numbers, never 4,5 möten
        (226_152_304.0, "sv", [f"{n}00{NBSP}000{NBSP}000" if n else "0" for n in (0, 1, 2)]),
        (226_152_304.0, "en", ["0", "100,000,000", "200,000,000"]),
    ],
)
def test_count_axes_start_at_zero_and_tick_in_whole_numbers(high, lang, expected):
    axis = value_axis(0, high, lang, narrow=True, whole=True)
    assert axis["range"] == [0, high]
    assert axis["ticktext"] == expected
    assert all(float(v).is_integer() for v in axis["tickvals"])


def test_trend_axes_start_at_zero_cover_every_area_and_never_abbreviate(specs):
    trends = [spec for spec in specs.values() if spec["kind"] == "trend"]
    assert len(trends) >= 15
    for spec in trends:
        for lang in texts.LANGS:
            for figure in _variants(spec, lang):
                axis = figure["layout"]["yaxis"]
                values = [y for trace in figure["data"] for y in trace["y"] if y is not None]
                # fixed: choosing a municipality (a hidden trace made visible) never rescales it
                assert axis["autorange"] is False and axis["range"][0] == 0, spec["id"]
                assert max(values, default=0) <= axis["range"][1], spec["id"]
                for tick in axis["ticktext"]:
                    assert not re.search(r"[A-Za-z]", tick), (spec["id"], tick)
                    assert ("," if lang == "en" else ".") not in tick or lang == "en"
                    assert " " not in tick, tick  # a plain space could break a number


def test_no_chart_draws_a_line_across_its_labels(specs):
    """The region's rate is a bar among the municipalities', not a line through their labels."""
    for spec in specs.values():
        for lang in texts.LANGS:
            for figure in _variants(spec, lang):
                for shape in figure["layout"].get("shapes", []):  # only a break's upright line
                    assert shape["x0"] == shape["x1"] and shape["line"]["dash"] == "dot", spec["id"]
    compare = specs["chart-unemployment_18_65-compare"]["figs"]["sv"]["data"][0]
    assert "Örebro län (länet)" in compare["y"]


def test_a_break_in_a_series_is_marked_and_said_in_words(specs, html):
    """mart.indicator_breaks: a dotted line between 2022 and 2023 on the unemployment trends,
    a short label, and the change in the text alternative and the notes; none elsewhere."""
    for indicator in ("long_term_unemployment_25_64", "unemployment_18_65"):
        spec = specs[f"chart-{indicator}-trend"]
        for lang in texts.LANGS:
            for figure in _variants(spec, lang):
                (line,) = figure["layout"]["shapes"]
                assert (line["x0"], line["x1"], line["yref"]) == (2022.5, 2022.5, "paper")
                labels = [a for a in figure["layout"]["annotations"] if a.get("hovertext")]
                assert any(a["text"] == texts.t(lang, "break_label") for a in labels)
        assert "Serien bryts 2023:" in spec["alt"]["sv"] and "2022" in spec["alt"]["sv"]
        assert "The series breaks in 2023:" in spec["alt"]["en"]
    (population,) = specs["chart-population-trend"]["figs"]["sv"]["layout"]["shapes"]
    assert population["x0"] == 2024.5
    assert not specs["chart-economic_assistance_share-trend"]["figs"]["sv"]["layout"].get("shapes")
    assert "Brott i serien 2023: Från 2023 avser Kolada N03926 åldrarna 25–65 år" in html
    assert "Break in the series in 2023: From 2023 Kolada N03937 covers ages 18–65" in html


def test_the_page_names_no_internal_table_and_no_raw_id(html):
    for internal in ("mart.", "ops.", "kpi_values", "enterprise_reports", "plan_progress"):
        assert internal not in html, internal
    assert "Inga kommunvärden" not in html  # an indicator of the region alone has no empty card
    assert "exempeldata" in html and ">sample<" not in html  # the runs' mode, translated


def test_english_says_it_in_english(specs, html):
    english = " ".join(re.findall(r'<(?:span|div|p) lang="en">(.*?)</(?:span|div|p)>', html))
    english += " ".join(re.findall(r'<svg [^>]*lang="en".*?</svg>', html, re.S))
    for swedish in ("Källa", "ASF-företagens", "EXEMPELDATA", "Innehåll", "Delmål"):
        assert swedish not in english, swedish
    assert 'data-label-en="Contents"' in html
    for spec in specs.values():
        figure = spec["figs"]["en"]
        said = figure["layout"]["title"]["subtitle"]["text"] + spec["alt"]["en"]
        for swedish in ("Källa", "ASF-företagens", "EXEMPELDATA", "länet"):
            assert swedish not in said, (spec["id"], swedish)


def test_sub_goals_are_named(html):
    # in the activities' chart: test_dashboard_plan_pictures
    assert '<a href="#goal-2"><span lang="sv">Delmål 2: Långsiktiga förutsättningar<' in html


def test_every_chart_says_what_it_shows(specs, html):
    """Worked out by hand from the sample: population 292 868 (2015) to 308 990 (2025);
    employees in 2024: the county 503; only Örebro (7 enterprises) is shown, every other
    municipality has 1 or 2 enterprises and so hides its count (issue 23)."""
    population = specs["chart-population-trend"]
    assert population["alt"]["sv"] == (
        f"Folkmängd i Örebro län 2015–2025: från 292{NBSP}868 till 308{NBSP}990. Serien bryts "
        "2025: Från 2025 kommer folkmängden från SCB:s tabell TAB5557 (tidigare TAB638), där SCB "
        "lägger till ett litet slumpmässigt brus (Cell Key Method): delarna summerar inte alltid "
        "till totalen."
    )
    assert population["alt"]["en"].startswith(
        "Population in Örebro län 2015–2025: from 292,868 to 308,990. The series breaks in 2025: "
    )
    assert population["areaAlt"]["sv"]["1881"].startswith(" Kumla: från ")
    employees = specs["chart-asf_employees-compare"]
    assert employees["alt"]["sv"] == (
        "Anställda i ASF, kommunerna 2024: bara Örebro har ett publicerat värde, 185 personer. "
        "Örebro län som helhet: 503 personer. 11 kommuner utan publicerat värde."
    )
    assert employees["areaAlt"]["sv"]["1881"] == " Kumla: ..."  # hidden: two enterprises
    progress = shown(html, "chart-plan-progress", "sv").get("aria-label")
    # long-term unemployment's target year 2025 is in (final): a verdict, not "efter"; the
    # other eight wait for 2025 (the plan has ended; its reports are overdue): never "efter"
    assert progress.startswith(
        "Planens 9 mål efter status: inte uppnått 1, målåret inte slutligt 8"
    )


def test_a_plan_that_has_ended_says_so_and_each_label_names_its_year(specs, html):
    """The sample in December 2026: the example plan ran 2022–2025. The section and the chart say
    the period is over; no target is 'efter' against a line called 'nu'; each status names the
    year it refers to; the one target across a series break carries its note."""
    assert "Planperioden 2022–2025 är slut." in html
    assert "The plan&#x27;s period 2022–2025 is over." in html
    figure = shown(html, "chart-plan-progress", "sv")
    assert " ".join(texts_of(figure, "picture-title")).startswith(
        "Planens mål 2022–2025: perioden är slut"
    )
    names = [t.text for t in figure.findall(".//s:g[@class='legend-item']/s:text", NS)]
    assert "efter" not in names and "Förväntat nu" not in names
    assert not any("Förväntat" in name for name in names)  # no target is still ahead
    statuses = texts_of(figure, "status")
    assert "målåret 2025 inte slutligt (täckning 0,0 %) · 2024: 24" in statuses  # asf_count
    assert "inte uppnått 2025 · tidsseriebrott 2023 · 0,0 %" in statuses  # long-term unemployment
    assert (
        "Från 2023 avser Kolada N03926 åldrarna 25–65 år" in html
    )  # the break's note, in the table
