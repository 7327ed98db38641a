"""Live mode end to end against local imitations of SCB and Kolada (never the real services)."""

import duckdb
import pytest

from asfetl import geography
from asfetl.indicators import comparison
from asfetl.operations import pipeline
from asfetl.settings import load_settings
from tests.imitation import KoladaImitation, ScbImitation
from tests.imitation.kolada_data import kpi_value
from tests.imitation.scb import population


@pytest.fixture
def servers():
    with ScbImitation() as scb, KoladaImitation() as kolada:
        yield scb, kolada


def live_settings(tmp_path, servers, **overrides):
    scb, kolada = servers
    return load_settings(
        warehouse=tmp_path / "warehouse" / "asf.duckdb",
        scb_base_url=scb.url,
        kolada_base_url=kolada.url,
        lock_timeout=0,
        http_give_up_after=30,
        **overrides,
    )


def rows(settings, sql):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql).fetchall()


def test_live_run_for_the_county(tmp_path, servers):
    settings = live_settings(tmp_path, servers)
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success" and run.mode == "live"
    values = {
        (r[0], r[1], r[2]): (r[3], r[4])
        for r in rows(
            settings,
            "select indicator_id, area_code, year, value, status from mart.indicator_values",
        )
    }
    assert values[("population", "18", 2023)] == (308116, "ok")
    assert values[("population", "18", 2025)] == (population("TAB5557", "18", 2025), "ok")
    assert values[("population", "1864", 2016)] == (None, "missing")  # SCB's '..', never 0
    assert values[("economic_assistance_share", "1880", 2022)] == (
        kpi_value("N31807", "1880", 2022, "T"),
        "ok",
    )
    assert values[("unemployment_18_65", "1863", 2025)] == (None, "missing")
    assert rows(settings, "select data_mode from mart.build_info") == [("live",)]
    sources = rows(settings, "select distinct source from mart.indicator_values order by 1")
    assert ("Källa: SCB, TAB638",) in sources and ("Källa: Kolada, N31807",) in sources

    again = pipeline.run_pipeline(settings, sample=False)
    assert again.step_counts["extract"] == {"payloads": 3, "unchanged": 3, "failed_sources": 0}
    assert again.step_counts.get("load", {}) == {}


def test_whole_country_holds_every_area_with_the_minimum_calls(tmp_path, servers):
    scb, kolada = servers
    settings = live_settings(tmp_path, servers, region="00")
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success"
    assert len([r for r in scb.requests if r.path.endswith("/data")]) == 2
    assert len(kolada.requests) == 13 + 1  # the data in lists of 25 ids; the KPIs' metadata
    levels = rows(
        settings,
        """select area_level, count(*) from mart.indicator_values
           where indicator_id = 'population' and year = 2024 group by 1 order by 1""",
    )
    assert levels == [("country", 1), ("county", 21), ("municipality", 290)]
    (riket,) = rows(
        settings,
        """select value from mart.indicator_values
           where indicator_id = 'population' and area_code = '00' and year = 2020""",
    )
    assert riket == (population("TAB638", "00", 2020),)
    (kpi_areas,) = rows(
        settings,
        """select count(distinct area_code) from mart.indicator_values
           where indicator_id = 'long_term_unemployment_25_64'""",
    )
    assert kpi_areas == (312,)


def test_a_kpi_kolada_has_no_sweden_for_gets_no_sweden_row_and_says_why(tmp_path, servers):
    """Issue 26: where the publisher has no national value, nothing computes one. Kolada (the
    imitation, over HTTP) lists no Riket (0000) item for N31858 though it has every municipality:
    the county's run publishes no Sweden row of economic_assistance_unemployed_share in any year,
    and `asfetl indicators --area Kumla` says "not published for Sweden by the source" beside
    Kumla's value; another K KPI (N31816) keeps Kolada's own Sweden."""
    _, kolada = servers
    kolada.without_country = {"N31858"}
    settings = live_settings(tmp_path, servers)
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success"
    by_area = dict(
        rows(
            settings,
            """select area_level, count(*) from mart.indicator_values
               where indicator_id = 'economic_assistance_unemployed_share' group by 1""",
        )
    )
    assert by_area == {"municipality": 12 * len(range(2015, 2026))}  # K: no county, no Sweden
    (sweden,) = rows(
        settings,
        """select value from mart.indicator_values where indicator_id =
           'long_term_economic_assistance_adults' and area_code = '00' and year = 2024""",
    )
    assert sweden == (kpi_value("N31816", "0000", 2024, "T"),)
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        compared = comparison.compare(
            con, geography.area("1881"), "economic_assistance_unemployed_share", 2024
        ).rows
    assert compared[["area_value", "county_note", "sweden_value", "sweden_note"]].values.tolist() == [
        [kpi_value("N31858", "1881", 2024, "T"), "not published for regions by the source",
         None, "not published for Sweden by the source"]
    ]  # fmt: skip


def test_live_population_by_sex_for_sweden_the_county_and_every_municipality(tmp_path, servers):
    """SCB's men (Kon 1) and women (Kon 2) through the real HTTP path, asked in the same two data
    calls as the totals: beside the total for every area and year; to 2024 they make it exactly,
    in 2025 (TAB5557) they are SCB's own noisy cells and the total its TotSa."""
    scb, _ = servers
    settings = live_settings(tmp_path, servers)
    assert pipeline.run_pipeline(settings, sample=False).status == "success"
    assert len([r for r in scb.requests if r.path.endswith("/data")]) == 2
    found = rows(
        settings,
        """select area_code, year, value, value_women, value_men from mart.indicator_values
           where indicator_id = 'population'""",
    )
    assert len(found) == 14 * 11
    for area, year, value, women, men in found:
        if (area, year) == ("1864", 2016):  # SCB's '..': no total, no split
            assert (value, women, men) == (None, None, None)
            continue
        table = "TAB638" if year <= 2024 else "TAB5557"
        assert (women, men) == (
            population(table, area, year, "2"),
            population(table, area, year, "1"),
        )
        assert value == population(table, area, year)
        if year <= 2024:
            assert women + men == value
