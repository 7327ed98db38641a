"""The dashboard's data and HTML: read-only queries, suppressed values, languages, no network."""

import re
import shutil

import duckdb
import pandas as pd
import plotly.graph_objects as go

from asfetl.cli import main
from asfetl.dashboard import write_dashboard
from asfetl.dashboard.model import activity_frame, build_model
from asfetl.dashboard.queries import QUERIES
from asfetl.dashboard.render import render_html
from asfetl.indicators.exports import write_exports
from asfetl.operations import pipeline


def _article(page: str, indicator_id: str) -> str:
    start = page.index(f'id="ind-{indicator_id}"')
    return page[start : page.index("</article>", start)]


def _row(html: str, area_code: str) -> list[str]:
    """The cells of the first table row of an area in a piece of the page."""
    match = re.search(rf'<tr data-area-row="{area_code}">(.*?)</tr>', html)
    assert match, area_code
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_the_queries_read_only_the_published_tables(built, data):
    assert set(data) == set(QUERIES)
    for name, sql in QUERIES.items():
        text = sql.lower()
        assert text.strip().startswith("select"), name
        assert not re.search(r"\b(restricted|raw|staging)\.", text), name
        assert not re.search(r"\b(insert|update|delete|create|drop|copy|attach)\b", text), name
        tables = set(re.findall(r"\b(?:from|join)\s+([a-z_]+)\.", text))
        assert tables <= {"mart", "ops"}, name


def test_the_pipeline_writes_the_dashboard_and_fresh_exports_keep_it(built):
    dashboard = built / "exports" / "dashboard.html"
    assert dashboard.is_file()
    before = dashboard.read_bytes()
    write_exports(built / "asf.duckdb", built / "exports")
    assert dashboard.read_bytes() == before
    assert (built / "exports" / "indicator_values.parquet").is_file()


def test_the_file_works_offline(page):
    assert "<script src" not in page.lower()
    assert not re.search(
        r"""<(script|link|img|iframe)[^>]+(src|href)\s*=\s*["']?(https?:)?//""", page
    )
    assert page.count("<script>") == 2  # Plotly once, and the dashboard's own script
    assert "Plotly" in page


def test_both_languages_are_in_the_file_and_lang_picks_the_first(data, page):
    assert page.startswith('<!DOCTYPE html>\n<html lang="sv">')
    assert "Hur går det för planen?" in page and "How is the plan doing?" in page
    english = render_html(build_model(data), "en")
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')


def test_sample_data_shows_a_banner_and_live_data_does_not(built, tmp_path, page):
    assert 'id="sample-banner"' in page and "EXEMPELDATA" in page
    live = tmp_path / "live.duckdb"
    shutil.copy(built / "asf.duckdb", live)
    with duckdb.connect(str(live)) as con:
        con.execute("update mart.build_info set data_mode = 'live'")
    out = write_dashboard(live, tmp_path / "live.html")
    assert 'id="sample-banner"' not in out.read_text(encoding="utf-8")


def test_suppressed_counts_show_as_lt5_never_as_0(built, data, page):
    values = data["indicator_values"]
    # the latest year with figures (the sample's 2025 is overdue: every area missing)
    shown = values[(values.indicator_id == "asf_employees") & (values.status != "missing")]
    year = shown.year.max()
    hidden = values[
        (values.indicator_id == "asf_employees")
        & (values.year == year)
        & (values.status == "suppressed")
    ]
    assert len(hidden), "the sample has hidden counts"
    article = _article(page, "asf_employees")
    compare = article[article.index('id="chart-asf_employees-compare"') :]
    # <5 only for 1–4 people; a count fewer than 3 enterprises make up (the sample's
    # municipalities of one or two) is hidden as .., never as a false <5
    reasons = dict(zip(hidden.area_code, hidden.suppression_reason, strict=True))
    assert "few_enterprises" in reasons.values()
    for code, reason in reasons.items():
        rank, _, value = _row(compare, code)
        assert (rank, value) == ("", "&lt;5" if reason == "primary" else "..")
    assert "färre än 3 företag" in article and "fewer than 3 enterprises" in article
    if "primary" in reasons.values():
        assert "1–4 personer" in article and "1 to 4 people" in article


def test_suppressed_values_are_never_drawn(data):
    model = build_model(data)
    from asfetl.dashboard import charts
    from asfetl.dashboard.compare import compare_chart

    indicator = next(
        i for g in model.goals for i in g.indicators if i.indicator_id == "asf_employees"
    )
    spec = compare_chart(model, indicator, "x")
    bars = spec["figs"]["sv"]["data"][0]
    for name, x, text in zip(bars["y"], bars["x"], bars["text"], strict=True):
        if text in ("<5", ".."):
            assert x is None, name
    trend = charts.trend_chart(model, indicator, "y")
    for code, index in trend["areaTraces"].items():
        trace = trend["figs"]["en"]["data"][index]
        rows = indicator.values[indicator.values.area_code == code].sort_values("year")
        for y, status in zip(trace["y"], rows.status, strict=True):
            # hidden, or (the sample's overdue 2025) not reported: never drawn, never 0
            assert (y is None) == (status in ("suppressed", "missing"))
        marks = trend["areaAnnotations"]["en"][code]
        assert len(marks) == (rows.status != "ok").sum()


def test_table_values_match_the_warehouse(built, data):
    english = render_html(build_model(data), "en")
    article = _article(english, "population")
    region = _row(article[article.index('<div lang="en"><table>') :], "18")
    with duckdb.connect(str(built / "asf.duckdb"), read_only=True) as con:
        rows = con.execute(
            "select value from mart.indicator_values "
            "where indicator_id = 'population' and area_code = '18' order by year"
        ).fetchall()
    assert region[1:] == [f"{value:,.0f}" for (value,) in rows]


def carried(page: str, element_id: str) -> bytes:
    """What the page carries gzip-compressed in base64 under an element id, inflated."""
    import base64
    import gzip

    start = page.index(f'id="{element_id}">') + len(f'id="{element_id}">')
    return gzip.decompress(base64.b64decode(page[start : page.index("</script>", start)]))


def chart_specs(page: str) -> list[dict]:
    """The charts' specs as the page carries them."""
    import json

    return json.loads(carried(page, "data-gz"))["charts"]


def test_every_figure_is_valid_plotly_with_title_unit_and_source(page):
    charts = chart_specs(page)
    assert len(charts) >= 30
    for spec in charts:
        for lang, wide in spec["figs"].items():
            narrow = {"data": wide["data"], **spec["narrow"][lang]}  # the phone's layout
            for figure in (wide, narrow):
                go.Figure(figure)  # raises on any attribute Plotly does not know
                title = figure["layout"]["title"]
                assert title["text"], spec["id"]
                source = title["subtitle"]["text"]
                assert source.startswith({"sv": ("Enhet", "Källa"), "en": ("Unit", "Source")}[lang])
                assert ("Källa: " if lang == "sv" else "Source: ") in source, spec["id"]
            assert spec["alt"][lang].endswith("."), spec["id"]


def test_activities_without_follow_up_columns_show_no_report():
    frame = pd.DataFrame({"activity_id": ["A01", "A02"], "subgoal_id": [1, 2]})
    filled = activity_frame(frame)
    assert filled.status.tolist() == ["no_report", "no_report"]
    assert filled.meetings_held.isna().all()
    frame["status"] = ["completed", "something_new"]
    assert activity_frame(frame).status.tolist() == ["completed", "no_report"]


def test_cli_writes_the_dashboard(built, tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASFETL_WAREHOUSE", str(built / "asf.duckdb"))
    out = tmp_path / "board.html"
    assert main.main(["dashboard", "--out", str(out), "--lang", "en"]) == 0
    assert f"Wrote {out}" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith('<!DOCTYPE html>\n<html lang="en">')
    assert not list(tmp_path.glob(".board.html.*"))  # no temporary file left behind


def test_cli_without_a_warehouse_says_so_in_one_sentence(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("ASFETL_WAREHOUSE", str(tmp_path / "none.duckdb"))
    assert main.main(["dashboard"]) == 1
    error = capsys.readouterr().err
    assert "no warehouse" in error and "asfetl run" in error and "Traceback" not in error


def test_a_failing_dashboard_never_fails_a_published_run(settings, monkeypatch, caplog):
    import asfetl.dashboard

    def broken(*args, **kwargs):
        raise ValueError("boom")

    monkeypatch.setattr(asfetl.dashboard, "write_dashboard", broken)
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    assert "Could not write the dashboard" in caplog.text


def test_the_written_file_is_render_html_byte_for_byte(built, data, tmp_path):
    """write_dashboard writes Plotly's cached bytes in pieces; the file must be render_html's."""
    for lang in ("sv", "en"):
        out = write_dashboard(built / "asf.duckdb", tmp_path / f"board.{lang}.html", lang)
        expected = render_html(build_model(data), lang).encode("utf-8")
        assert out.read_bytes() == expected
    from asfetl.dashboard.render import PLOTLY

    # Plotly's basic bundle, vendored, as the page carries it (boot.js inflates it)
    assert carried(expected.decode("utf-8"), "plotly-gz") == PLOTLY.read_bytes()
    assert PLOTLY.read_bytes().startswith(b"/**\n* plotly.js (basic - minified) v4.")


def _ranked_by_pandas(values: pd.DataFrame, codes: list[str]) -> list[str]:
    """The ranking of latest_compared written with pandas (the reference): the latest year with
    an ok value (final), else with a published value, else the latest year; published first,
    highest first, then by name."""
    rows = values[values.area_code.isin(codes)]
    published = rows[rows.status.isin(["ok", "preliminary"]) & rows.value.notna()]
    final = published[published.status == "ok"]
    chosen = final if len(final) else published if len(published) else rows
    rows = rows[rows.year == chosen.year.max()]
    shown = rows.status.isin(["ok", "preliminary"]) & rows.value.notna()
    rows = rows.assign(_shown=shown).sort_values(
        ["_shown", "value", "area_name"], ascending=[False, False, True]
    )
    return rows.area_code.tolist()


def test_plain_python_rows_match_the_frames_they_come_from(data):
    """The charts and tables walk plain tuples, not frames: the same rows, order and ranking."""
    from asfetl.dashboard import charts

    values = data["indicator_values"].copy()
    # Ties, missing values that still carry a number and preliminary values, so that the
    # ranking's every rule is exercised.
    municipal = values.area_level == "municipality"
    values.loc[(values.indicator_id == "asf_count") & values.value.notna() & municipal, "value"] = 7
    share = values[(values.indicator_id == "economic_assistance_share") & municipal]
    some = share[share.year == share.year.max()].index[:3]
    values.loc[some, ["value", "status"]] = [5.5, "missing"]
    values.loc[values.indicator_id == "population", "status"] = "preliminary"
    model = build_model({**data, "indicator_values": values})
    codes = [code for code, _ in model.areas]
    checked = 0
    for indicator in (i for goal in model.goals for i in goal.indicators):
        frame = indicator.values
        assert [p.area_code for p in indicator.points] == frame.area_code.tolist()
        for code, points in indicator.by_area.items():
            rows = frame[frame.area_code == code].sort_values("year")
            assert [(p.year, p.status) for p in points] == list(
                zip(rows.year, rows.status, strict=True)
            )
            assert [p.published for p in points] == (
                rows.status.isin(["ok", "preliminary"]) & rows.value.notna()
            ).tolist()
        year, ranked = charts.latest_compared(model, indicator)
        if year is not None:
            assert [p.area_code for p in ranked] == _ranked_by_pandas(frame, codes)
            checked += 1
    assert checked >= 10


def test_sweden_beside_the_county_stays_off_the_trend_axis(data):
    """Issue 26: Sweden (00) is published beside a county's run; the population trend's axis
    still covers the county and its municipalities only (the sample's county: 308,375 in 2024,
    its largest value; Sweden's 10,587,710 would flatten every line)."""
    from asfetl.dashboard import charts

    model = build_model(data)
    assert "00" not in {code for code, _ in model.areas}
    population = next(
        i for g in model.goals for i in g.indicators if i.indicator_id == "population"
    )
    # published, and kept apart for the page's Sweden lines: never one of the region's areas
    assert "00" not in population.by_area and set(population.country["area_code"]) == {"00"}
    top = charts.trend_chart(model, population, "p")["figs"]["en"]["layout"]["yaxis"]["range"][1]
    county = max(p.value for p in population.by_area["18"] if p.published)
    assert county <= top < 2 * county
