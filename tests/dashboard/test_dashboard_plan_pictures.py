"""The plan's charts drawn as SVG when the page is written: in the page as four pictures each
(two languages, two widths), well-formed and escaped, named for screen readers, every text at
12 px or more, and the marks where the plan's numbers put them (worked out by hand)."""

import dataclasses
import re
import xml.etree.ElementTree as ET

import pandas as pd
import pytest

from asfetl.dashboard import picture, plan_charts, svg, texts
from asfetl.dashboard.layout import MIN_TEXT
from asfetl.dashboard.model import build_model
from tests.dashboard.test_dashboard import chart_specs

NS = {"s": svg.SVG_NS}


def pictures(html: str, chart_id: str) -> list[ET.Element]:
    """The pictures a chart's <div> carries in the page, parsed as XML (which they must be)."""
    start = html.index(f'id="{chart_id}"')
    block = html[start : html.index("</div>", start)]
    return [ET.fromstring(found) for found in re.findall(r"<svg .*?</svg>", block, re.S)]


def shown(html: str, chart_id: str, lang: str, narrow: bool = False) -> ET.Element:
    (one,) = [
        p
        for p in pictures(html, chart_id)
        if p.get("lang") == lang and ("narrow" in p.get("class", "")) == narrow
    ]
    return one


def texts_of(root: ET.Element, kind: str) -> list[str]:
    return [t.text or "" for t in root.iterfind(".//s:text", NS) if kind in t.get("class", "")]


def test_the_builders_escape_what_they_write():
    markup = svg.group(
        svg.text('<script>"&', x="0", y=12.5), tip="a < b & c", class_="x", data_n=None
    )
    root = ET.fromstring(f'<svg xmlns="{svg.SVG_NS}">{markup}</svg>')
    (g,) = root
    assert g.get("class") == "x" and "data-n" not in g.attrib
    assert g.find("s:title", NS).text == "a < b & c"
    assert g.find("s:text", NS).text == '<script>"&'
    assert g.find("s:text", NS).get("y") == "12.5"
    assert svg.element("rect", aria_label='say "hi"') == '<rect aria-label="say &quot;hi&quot;"/>'
    assert (svg.num(-0.001), svg.num(2.0), svg.pct(33.333)) == ("0", "2", "33.33%")


def test_each_plan_chart_is_in_the_page_four_times_named_and_readable(page):
    for chart_id, name in (
        ("chart-plan-progress", "Planens 9 mål efter status"),
        ("chart-plan-activities", "Planens 18 aktiviteter efter status"),
    ):
        found = pictures(page, chart_id)
        assert sorted((p.get("lang"), p.get("class")) for p in found) == [
            ("en", "picture narrow"),
            ("en", "picture wide"),
            ("sv", "picture narrow"),
            ("sv", "picture wide"),
        ]
        for root in found:
            assert root.get("role") == "img" and root.get("width") == "100%"
            label = root.get("aria-label")
            if root.get("lang") == "sv":
                assert label.startswith(name) and label.endswith(".") and len(label) > 60
            sizes = [float(t.get("font-size", root.get("font-size"))) for t in root.iter()
                     if t.tag.endswith("text")]  # fmt: skip
            assert sizes and min(sizes) >= MIN_TEXT
            assert root.findall(".//s:g[@class='legend']/s:g", NS), chart_id
    # no Plotly spec of them travels with the page's data any more
    assert not [s["id"] for s in chart_specs(page) if s["id"].startswith("chart-plan-")]


def test_the_statuses_stand_beside_their_targets_in_both_languages(page):
    """The sample's plan ended in 2025: asf_count's year is not final (its reports are due),
    long-term unemployment's is judged (0 % of the way: not achieved)."""
    wide = texts_of(shown(page, "chart-plan-progress", "sv"), "status")
    assert "målåret 2025 inte slutligt (täckning 0,0 %) · 2024: 24" in wide
    assert "inte uppnått 2025 · tidsseriebrott 2023 · 0,0 %" in wide
    english = " ".join(texts_of(shown(page, "chart-plan-progress", "en", narrow=True), "status"))
    assert "not achieved in 2025" in english
    title = texts_of(shown(page, "chart-plan-progress", "sv"), "picture-title")
    assert " ".join(title).startswith("Planens mål 2022–2025: perioden är slut")
    legend = shown(page, "chart-plan-progress", "sv").findall(".//s:g[@class='legend-item']", NS)
    keys = [item.find("s:text", NS).text for item in legend]
    assert "efter" not in keys and not any("Förväntat" in k for k in keys)  # none still ahead
    assert keys[-2:] == ["Utgångsläge", "Mål"]


def test_sub_goals_are_named_above_their_bars(page):
    labels = texts_of(shown(page, "chart-plan-activities", "sv"), "label")
    assert labels == [
        "Delmål 1: Förståelse",
        "Delmål 2: Långsiktiga förutsättningar",
        "Delmål 3: Nätverk och mötesplatser",
        "Delmål 4: Internationalisering",
    ]
    english = texts_of(shown(page, "chart-plan-activities", "en"), "label")
    assert english[0] == "Sub-goal 1: Understanding"


def _ahead(data) -> pd.DataFrame:
    """The sample's targets as if the plan ran to 2026 and 2024 were their latest final year:
    the first behind at 25 % of the way, the second on track at 80 %."""
    progress = build_model(data).progress.copy().iloc[:2]
    progress["plan_status"] = ["behind", "on_track"]
    progress["progress_pct"] = [25.0, 80.0]
    progress["baseline_year"] = [2022, 2022]
    progress["target_year"] = [2026, 2026]
    progress["latest_year"] = [2024, 2024]
    if "period_over" in progress.columns:
        progress["period_over"] = False
    return progress


def test_a_target_still_ahead_has_its_expected_mark_where_the_years_put_it(data):
    """Baseline 2022, target 2026, latest final year 2024: expected half-way (50 %). The axis
    runs from 0 to 100 with room for its end labels: each mark's x is its share of that."""
    model = dataclasses.replace(build_model(data), progress=_ahead(data))
    chart = plan_charts.progress_chart(model, "p")
    for lang in ("sv", "en"):
        for drawn, narrow in zip(chart["pictures"][lang], (False, True), strict=True):
            root = ET.fromstring(drawn)
            values = picture.scale(0.0, 100.0, lang, narrow, whole=True)
            targets = root.findall(".//s:g[@class='target']", NS)
            assert len(targets) == 2
            for target, pct in zip(targets, (25.0, 80.0), strict=True):
                marks = {
                    line.get("class"): line.get("x1")
                    for line in target.iter(f"{{{svg.SVG_NS}}}line")
                }
                assert marks == {
                    "mark baseline": svg.pct(values.x(0)),
                    "mark target": svg.pct(values.x(100)),
                    "mark expected": svg.pct(values.x(50)),
                }
                (bar,) = target.iter(f"{{{svg.SVG_NS}}}rect")
                assert (bar.get("x"), bar.get("width")) == (
                    svg.pct(values.x(0)),
                    svg.pct(values.x(pct) - values.x(0)),
                )
                # every text of the target ends above its marks: its last line's box
                # (baseline + a 12 px font's descent) at least CLEAR px above the mark's top
                top = min(float(line.get("y1")) for line in target.iter(f"{{{svg.SVG_NS}}}line"))
                lowest = max(float(t.get("y")) for t in target.iter(f"{{{svg.SVG_NS}}}text"))
                assert lowest + 3 + plan_charts.CLEAR <= top
            keys = [t.text for t in root.findall(".//s:g[@class='legend-item']/s:text", NS)]
            assert keys[-3:] == [texts.t(lang, k) for k in ("baseline", "target", "expected")]


@pytest.mark.parametrize("narrow", [False, True])
def test_the_end_ticks_fit_the_narrowest_picture_of_their_variant(narrow):
    """A label centred on its tick: half of it beside the tick, inside the picture at the
    variant's narrowest width (−50 and 150 on a phone's 274 px)."""
    values = picture.scale(-41.7, 130.0, "sv", narrow, whole=True)
    first, last = values.ticks[0], values.ticks[-1]
    room = picture.MIN_WIDTH[narrow]
    assert values.x(first[0]) / 100 * room >= picture.width(first[1]) / 2
    assert (100 - values.x(last[0])) / 100 * room >= picture.width(last[1]) / 2
