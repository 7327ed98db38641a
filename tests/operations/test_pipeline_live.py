"""Live mode end to end against local imitations of SCB and Kolada (never the real services)."""

import duckdb
import pytest

from asfetl.operations import pipeline
from asfetl.settings import load_settings
from tests.imitation import KoladaImitation, ScbImitation
from tests.imitation.kolada import kpi_value
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
