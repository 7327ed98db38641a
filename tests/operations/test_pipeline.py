"""The pipeline's steps end to end on the sample data, without Prefect."""

import json

import duckdb

from asfetl import paths
from asfetl.operations import pipeline
from asfetl.sources import kolada
from tests.pipeline_helpers import revised_sample, working
from tests.sources.test_scb import PUBLISHED

AREAS = 13  # Örebro län and its 12 municipalities
WITH_SWEDEN = AREAS + 1  # and Sweden (00), the county's benchmark for the open statistics
# Kolada's sample: one row per (KPI, area, year, gender) the KPI's type and sex split allow;
# 5,422 for the county and its municipalities, and 434 of Sweden (0000): 11 KPIs divided by
# gender (9 of 11 years, N02267 and N02797 of 10) × 3 genders = 357, 7 totals × 11 years = 77
KOLADA_ROWS = 5422 + 434
# SCB's sample by sex: TAB638 men and women 2015–2024, TAB5557 men, women and both in 2025
SCB_ROWS = WITH_SWEDEN * (10 * 2 + 3)
SAMPLE_LOAD = {"raw.scb_population": SCB_ROWS, "raw.kolada_kpi_values": KOLADA_ROWS}
# the Kolada indicators (gender total) the sample has, by the KPI's type (A: the county and
# its 12 municipalities, K: the municipalities, L: the county; each with Sweden beside it) and
# its years (2015–2025; N02267 and N02797 to 2024)
KOLADA_COUNTS = {
    "long_term_unemployment_25_64": WITH_SWEDEN * 11,
    "unemployment_18_65": WITH_SWEDEN * 11,
    "economic_assistance_share": WITH_SWEDEN * 11,
    "employment_rate_20_64": WITH_SWEDEN * 10,  # 2025 not yet published
    "programme_activity_support_18_65": WITH_SWEDEN * 11,
    "long_term_unemployment_18_24": WITH_SWEDEN * 11,
    "long_term_unemployment_18_65": WITH_SWEDEN * 11,
    "long_term_unemployment_labour_force_25_65": WITH_SWEDEN * 11,
    "neet_16_24": WITH_SWEDEN * 10,  # two years late: 2025 not yet published
    "long_term_economic_assistance_adults": (12 + 1) * 11,  # K: no county row
    "economic_assistance_unemployed_share": (12 + 1) * 11,
    "ill_health_days": WITH_SWEDEN * 11,
    "sickness_compensation_fte": (12 + 1) * 11,
    "activity_compensation_fte": (12 + 1) * 11,
    "employment_rate_foreign_born_20_64": WITH_SWEDEN * 11,
    "labour_market_measures_net_cost_per_inhabitant": (12 + 1) * 11,
    "labour_market_measures_purchased_share": (12 + 1) * 11,
    "region_purchases_from_nonprofits_share": (1 + 1) * 11,  # L: the county only
}


def query(settings, sql, params=None):
    with duckdb.connect(str(settings.warehouse), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def query_working(settings, sql, params=None):
    """The private working file: raw data and revisions are never in the published one."""
    with duckdb.connect(working(settings), read_only=True) as con:
        return con.execute(sql, params or []).fetchall()


def test_sample_run_publishes_population_for_county_and_municipalities(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    assert run.step_counts["load"] == SAMPLE_LOAD
    rows = query(
        settings,
        """select area_code, area_name, area_level, year, value, status, unit, source
           from mart.indicator_values where indicator_id = 'population'""",
    )
    assert len(rows) == WITH_SWEDEN * 11  # 2015–2024 from TAB638, 2025 from TAB5557
    values = {(r[0], r[3]): r[4] for r in rows}
    for code, (y2023, y2024) in PUBLISHED.items():
        assert values[(code, 2023)] == y2023 and values[(code, 2024)] == y2024
    by_area = {r[0]: r for r in rows}
    assert by_area["18"][1:3] == ("Örebro län", "county")
    assert by_area["1863"][1:3] == ("Hällefors", "municipality")
    assert by_area["00"][1:3] == ("Riket", "country")  # the county's benchmark
    assert {r[5] for r in rows} == {"ok"}
    assert {r[6] for r in rows} == {"antal / count"}
    sources = {r[3]: r[7] for r in rows}
    assert sources[2024] == "Källa: SCB, TAB638 (EXEMPELDATA / sample data)"
    assert sources[2025] == "Källa: SCB, TAB5557 (EXEMPELDATA / sample data)"


def test_sample_run_publishes_the_kolada_indicators(settings, sample_run):  # after a sample run
    counts = dict(
        query(
            settings,
            "select indicator_id, count(*) from mart.indicator_values "
            "where indicator_id not like 'asf%' and source not like '%aktiviteter%' group by 1",
        )
    )
    assert counts == {"population": WITH_SWEDEN * 11, **KOLADA_COUNTS}
    sample = json.loads(paths.sample_data_dir().joinpath("kolada/kpi_values.json").read_text())
    expected = {
        (i["kpi"], i["municipality"], i["period"]): v["value"]
        for i in sample["values"]
        for v in i["values"]
        if v["gender"] == "T"
    }
    rows = query(
        settings,
        """select indicator_id, area_code, year, value, status, unit, source
           from mart.indicator_values where source like 'Källa: Kolada%'""",
    )
    kpi_of = {indicator: kpi for kpi, indicator in kolada.kpi_indicators().items()}
    not_shares = {"ill_health_days", "sickness_compensation_fte", "activity_compensation_fte"}
    not_shares.add("labour_market_measures_net_cost_per_inhabitant")
    for indicator, area, year, value, status, unit, source in rows:
        kolada_area = {"18": "0018", "00": "0000"}.get(area, area)
        assert value == expected[(kpi_of[indicator], kolada_area, year)]
        assert status == ("missing" if value is None else "ok")
        assert (unit == "%") == (indicator not in not_shares)
        assert source == f"Källa: Kolada, {kpi_of[indicator]} (EXEMPELDATA / sample data)"
    missing = {(r[0], r[1], r[2]) for r in rows if r[4] == "missing"}
    assert len(missing) == WITH_SWEDEN + 1  # N03937 2025 everywhere, N31807 1864 2016
    assert ("economic_assistance_share", "1864", 2016) in missing


def test_sample_run_puts_sweden_beside_the_county_and_women_and_men_beside_the_total(
    settings, sample_run
):
    """Issue 26: Sweden ('00', 'country') for the open statistics only, never an ASF figure, in
    the county's run; the sex split of a divided KPI as the sample has it (read off
    asfetl/sample_data/kolada/kpi_values.json by hand: N03926 2024, Kumla T 4.9, K 4.5, M 5.3;
    Sweden T 4.6, K 4.2, M 5.0); a KPI Kolada does not divide (N31807) has none."""
    by_family = dict(
        query(
            settings,
            """select source like 'Källa: SCB%' or source like 'Källa: Kolada%', count(*)
               from mart.indicator_values where area_code = '00' group by 1""",
        )
    )
    # population 11 years + the Kolada indicators' Sweden rows: 16 × 11 + 2 × 10 = 196
    assert by_family == {True: 11 + 196}
    levels = query(
        settings, "select distinct area_name, area_level from mart.indicator_values "
        "where area_code = '00'"
    )  # fmt: skip
    assert levels == [("Riket", "country")]
    # no ASF figure, coverage, density or plan activity for Sweden in a county's run
    asf_areas = query(
        settings,
        """select distinct area_level from mart.indicator_values
           where indicator_id like 'asf%' or source like '%aktiviteter%'""",
    )
    assert sorted(a for (a,) in asf_areas) == ["county", "municipality"]
    split = query(
        settings,
        """select area_code, value, value_women, value_men from mart.indicator_values
           where indicator_id = 'long_term_unemployment_25_64' and year = 2024
             and area_code in ('1881', '00') order by 1""",
    )
    assert split == [("00", 4.6, 4.2, 5.0), ("1881", 4.9, 4.5, 5.3)]
    assert query(
        settings,
        """select count(*) from mart.indicator_values
           where (indicator_id = 'economic_assistance_share' or indicator_id like 'asf%')
             and (value_women is not null or value_men is not null)""",
    ) == [(0,)]
    # the population by sex, SCB's Kon 2 and 1, for Sweden, the county and every municipality in
    # every year (read off asfetl/sample_data/scb/TAB638_population.json by hand: Kumla 2024
    # 11,182 women and 11,499 men; Sweden 2024 5,272,680 and 5,315,030)
    population = query(
        settings,
        """select area_code, year, value, value_women, value_men from mart.indicator_values
           where indicator_id = 'population'""",
    )
    assert len(population) == WITH_SWEDEN * 11
    assert all(women + men == value for _, _, value, women, men in population)
    split = {(r[0], r[1]): r[3:] for r in population}
    assert split[("1881", 2024)] == (11182, 11499)
    assert split[("00", 2024)] == (5272680, 5315030)
    for year in range(2015, 2025):  # the county's women and men are its municipalities'
        parts = [v for (area, y), v in split.items() if y == year and area not in ("00", "18")]
        assert split[("18", year)] == tuple(sum(p[i] for p in parts) for i in (0, 1))
    # a Missing total (N03937 2025) shows no split either
    assert query(
        settings,
        """select count(*), count(value_women), count(value_men) from mart.indicator_values
           where indicator_id = 'unemployment_18_65' and year = 2025""",
    ) == [(WITH_SWEDEN, 0, 0)]


def test_the_catalogue_describes_each_indicator_in_swedish_and_english(
    settings, sample_run
):  # after a sample run
    rows = query(settings, "select * from mart.indicators order by indicator_id")
    assert {r[0] for r in rows} == {  # every indicator id of the contract (DESIGN.md at the repository root)
        "population", "asf_count", "asf_per_10k_inhabitants", "asf_employees",
        "asf_employees_target_group", "asf_participants", "asf_transitions",
        "asf_transition_rate", "asf_turnover_sek", "asf_sales_share", "asf_public_contracts",
        "asf_reserved_contracts", "long_term_unemployment_25_64", "unemployment_18_65",
        "economic_assistance_share", "employment_rate_20_64",
        # the target groups (issue 26)
        "programme_activity_support_18_65", "long_term_unemployment_18_24",
        "long_term_unemployment_18_65", "long_term_unemployment_labour_force_25_65",
        "neet_16_24", "long_term_economic_assistance_adults",
        "economic_assistance_unemployed_share", "ill_health_days", "sickness_compensation_fte",
        "activity_compensation_fte", "employment_rate_foreign_born_20_64",
        "labour_market_measures_net_cost_per_inhabitant",
        "labour_market_measures_purchased_share", "region_purchases_from_nonprofits_share",
        # and the activity follow-up's (issue 5: more may be added)
        "plan_activities_started", "plan_activities_completed", "cross_sector_meetings",
        "asf_report_coverage",
    }  # fmt: skip
    for row in rows:
        assert all(row[1:7]), row  # names, descriptions, unit and source in both languages
    population = next(r for r in rows if r[0] == "population")
    _, name_sv, name_en, desc_sv, desc_en, _, source, *_ = population
    assert (name_sv, name_en, source) == ("Folkmängd", "Population", "Källa: SCB")
    assert "31 december" in desc_sv and "31 December" in desc_en
    employment = next(r for r in rows if r[0] == "employment_rate_20_64")
    assert employment[6] == "Källa: Kolada" and employment[8] is True
    assert "N02267" in employment[3] and "BAS" in employment[4]
    unemployment = next(r for r in rows if r[0] == "long_term_unemployment_25_64")
    assert unemployment[1] == "Långtidsarbetslöshet 25–65 år (25–64 t.o.m. 2022)"
    breaks = query(settings, "select indicator_id, from_year from mart.indicator_breaks order by 1")
    assert breaks == [
        ("employment_rate_20_64", 2020),  # BAS replaced RAMS
        ("employment_rate_foreign_born_20_64", 2020),  # BAS replaced RAMS
        ("long_term_economic_assistance_adults", 2017),  # N31816 recomputed from 2017
        ("long_term_unemployment_25_64", 2023),
        ("population", 2025),
        ("programme_activity_support_18_65", 2023),  # N03947: 18–64 became 18–65
        ("unemployment_18_65", 2023),
    ]
    exported = settings.warehouse_dir / "exports" / "indicator_breaks.csv"
    assert "Cell Key Method" in exported.read_text(encoding="utf-8-sig")


def test_the_warehouse_records_that_it_holds_sample_data(settings):
    run = pipeline.run_pipeline(settings, sample=True)
    assert query(settings, "select run_id, data_mode, region_code from mart.build_info") == [
        (run.run_id, "sample", "18")
    ]
    assert query_working(settings, "select distinct is_sample from raw.payloads") == [(True,)]
    assert query(settings, "select mode from ops.runs") == [("sample",)]


def test_rerun_with_unchanged_payloads_loads_nothing_and_changes_no_value(settings):
    first = pipeline.run_pipeline(settings, sample=True)
    before = query(settings, "select * from mart.indicator_values order by all")
    second = pipeline.run_pipeline(settings, sample=True)
    assert second.step_counts["extract"] == {"payloads": 3, "unchanged": 3, "failed_sources": 0}
    assert second.step_counts.get("load", {}) == {}
    assert query(settings, "select * from mart.indicator_values order by all") == before
    runs = query(settings, "select run_id, status, step_counts from ops.runs order by started_at")
    assert [(r[0], r[1]) for r in runs] == [(first.run_id, "success"), (second.run_id, "success")]
    assert json.loads(runs[0][2])["load"] == SAMPLE_LOAD
    # the three data payloads and Kolada's KPI metadata (the contract watch's)
    assert query_working(
        settings, "select count(*) filter (where unchanged) from raw.payloads"
    ) == [(4,)]
    assert query(settings, "select count(*) from ops.source_findings") == [(0,)]


def test_a_revised_value_is_kept_in_history_and_the_mart_shows_the_latest(
    settings, sample_run, tmp_path, monkeypatch
):  # after a sample run
    monkeypatch.setattr(paths, "sample_data_dir", lambda: revised_sample(tmp_path / "rev", 1.01))
    run = pipeline.run_pipeline(settings, sample=True)
    # TAB638 only (14 areas × 2 sexes × 10 years); the rest unchanged
    assert run.step_counts["load"] == {"raw.scb_population": 280}
    (count, county_2023) = query(
        settings,
        """select count(*), max(value) filter (where area_code = '18' and year = 2023)
           from mart.indicator_values where indicator_id = 'population'""",
    )[0]
    # the county's 153,637 men and 154,479 women of 2023, each revised by 1 %
    assert count == WITH_SWEDEN * 11 and county_2023 == round(153637 * 1.01) + round(154479 * 1.01)
    revisions = query_working(
        settings,
        """select natural_key, previous_value, new_value from raw.revisions
           where raw_table = 'raw.scb_population'""",
    )
    assert len(revisions) == 280
    county = {
        json.loads(r[0])["sex_code"]: (r[1], r[2])
        for r in revisions
        if {k: v for k, v in json.loads(r[0]).items() if k != "sex_code"} == {
            "table_id": "TAB638", "contents_code": "BE0101N1", "region_code": "18", "tid": "2023"
        }
    }  # fmt: skip
    assert county == {"1": (153637, round(153637 * 1.01)), "2": (154479, round(154479 * 1.01))}


def test_each_published_run_refreshes_the_exports(settings, sample_run):  # after a sample run
    exports = settings.warehouse_dir / "exports"
    names = {p.name for p in exports.iterdir()}
    for table in ("indicator_values", "indicators", "plan_progress", "enterprises"):
        assert {f"{table}.parquet", f"{table}.csv", f"{table}.sv.csv"} <= names
    assert not any("asf_cells" in name or "restricted" in name for name in names)
    assert "SAMPLE DATA" in (exports / "README.txt").read_text(encoding="utf-8")
    with duckdb.connect() as con:
        exported = con.execute(
            f"select count(*) from read_parquet('{exports / 'indicator_values.parquet'}')"
        ).fetchone()
    assert exported == query(settings, "select count(*) from mart.indicator_values")[0]


def test_every_published_value_has_its_lineage(settings, sample_run):  # after a sample run
    without = query(
        settings,
        """select count(*) from mart.indicator_values v
           anti join mart.value_lineage l using (indicator_id, area_code, year)""",
    )
    assert without == [(0,)]
    (path,) = query(
        settings,
        """select distinct source_name from mart.value_lineage
           where indicator_id = 'population' and year = 2024""",
    )[0]
    assert (settings.warehouse_dir / path).is_file()  # the landed payload itself
    reports = query(
        settings,
        """select count(distinct source_ref) from mart.value_lineage
           where indicator_id = 'asf_count' and area_code = '18' and year = 2024""",
    )
    # rows go round-robin (enterprise by enterprise, year by year) into the six sample files:
    # with three years, each file holds one year, so 2024 comes from two files
    assert reports == [(2,)]
    density = query(
        settings,
        """select source_kind, count(*) from mart.value_lineage
           where indicator_id = 'asf_per_10k_inhabitants' and area_code = '18' and year = 2024
           group by 1 order by 1""",
    )
    assert density == [("payload", 1), ("report_file", 2)]  # the population and the reports
    freshness = query(settings, "select source, dataset from mart.source_freshness order by 1, 2")
    assert freshness == [  # with the KPI metadata the contract watch reads (no SCB's in a sample)
        ("kolada", "kpi_metadata"), ("kolada", "kpi_values"), ("reports", "activity_reports"),
        ("reports", "enterprise_reports"), ("scb", "population"),
    ]  # fmt: skip


def test_a_failed_export_after_publishing_keeps_the_run_a_success(
    settings, sample_run, monkeypatch, caplog
):  # after a sample run
    before = (settings.warehouse_dir / "exports" / "README.txt").read_text(encoding="utf-8")

    def disk_full(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(pipeline, "write_exports", disk_full)
    run = pipeline.run_pipeline(settings, sample=True)
    assert run.status == "success"
    assert query(settings, "select count(*) from ops.runs where status = 'success'") == [(2,)]
    assert "Could not refresh warehouse/exports" in caplog.text
    assert (settings.warehouse_dir / "exports" / "README.txt").read_text(encoding="utf-8") == before
