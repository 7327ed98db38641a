"""Sweden beside a county and women and men beside the total, from raw rows to
mart.indicator_values with hand-set values: Sweden ('00', 'country') carries what SCB and Kolada
send for it and is never the county's parent; Kolada's K and M, and SCB's Kon 2 and 1, stand
beside the total in the same row and never beside a total that is not shown."""

from datetime import UTC, datetime

import pytest

from asfetl.indicators import transform
from asfetl.sources.kolada import area_code_of
from asfetl.warehouse import database

LOADED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

# (kpi, Kolada id, year, {gender: value or None for 'Missing'}): what Kolada sent
KOLADA = [
    # N03926 (A, divided by gender): Sweden, the county and Kumla, each T, K and M
    ("N03926", "0000", 2024, {"T": 3.6, "K": 3.2, "M": 4.0}),
    ("N03926", "0018", 2024, {"T": 4.1, "K": 3.7, "M": 4.5}),
    ("N03926", "1881", 2024, {"T": 4.9, "K": 4.5, "M": 5.3}),
    # a total Kolada gives as Missing while its parts are there: nothing of it is shown
    ("N03926", "1881", 2023, {"T": None, "K": 4.4, "M": 5.0}),
    # N31807 (A, not divided): the total only
    ("N31807", "0000", 2024, {"T": 5.5}),
    ("N31807", "1881", 2024, {"T": 6.6}),
    # N31816 (K): Sweden and the municipality, no county row
    ("N31816", "0000", 2024, {"T": 1.9, "K": 1.7, "M": 2.1}),
    ("N31816", "1881", 2024, {"T": 2.9, "K": 2.6, "M": 3.2}),
]
# (SCB table, region, Kon, year, population or None for '..'): what SCB sent. TAB638 has no code
# for both sexes: asked for men (1) and women (2), its total is their sum; TAB5557 has TotSa.
SCB = [
    ("TAB638", "00", "1", 2024, 5315030.0), ("TAB638", "00", "2", 2024, 5272680.0),
    ("TAB638", "18", "1", 2024, 153762.0), ("TAB638", "18", "2", 2024, 154613.0),
    ("TAB638", "1881", "1", 2024, 11499.0), ("TAB638", "1881", "2", 2024, 11182.0),
    # a total loaded before migration 027, with Kon left out (''): it has no split
    ("TAB638", "1881", "", 2022, 22441.0),
    # one beside the men and women loaded since: the men and women make the total
    ("TAB638", "1881", "", 2021, 22000.0),
    ("TAB638", "1881", "1", 2021, 11000.0), ("TAB638", "1881", "2", 2021, 11050.0),
    # men published as '..': no total, and no split beside it
    ("TAB638", "18", "1", 2022, None), ("TAB638", "18", "2", 2022, 154000.0),
    # Cell Key Method: each cell its own noise, the total as published (11,520 + 11,283 ≠ 22,800)
    ("TAB5557", "1881", "1", 2025, 11520.0), ("TAB5557", "1881", "2", 2025, 11283.0),
    ("TAB5557", "1881", "TotSa", 2025, 22800.0),
]  # fmt: skip
CONTENTS = {"TAB638": "BE0101N1", "TAB5557": "000007ME"}


def build(folder, region):
    con = database.connect(folder / "w.duckdb")
    database.migrate(con)
    for kpi, kolada_id, year, values in KOLADA:
        area = area_code_of(kolada_id)
        for gender, value in values.items():
            con.execute(
                "insert into raw.kolada_kpi_values values (?, ?, ?, ?, ?, ?, ?, ?, 1, 'p1', false, ?)",
                [kpi, kolada_id, area, str(year), year, gender, value,
                 "Missing" if value is None else "", LOADED],
            )  # fmt: skip
    for table, region_code, sex, year, value in SCB:
        con.execute(
            "insert into raw.scb_population (table_id, contents_code, region_code, region_label, "
            "sex_code, tid, year, value, status, payload_id, is_sample, loaded_at) "
            "values (?, ?, ?, '', ?, ?, ?, ?, ?, 'p2', false, ?)",
            [table, CONTENTS[table], region_code, sex, str(year), year, value,
             ".." if value is None else "", LOADED],
        )  # fmt: skip
    transform.load_seeds(con, region)
    transform.run_models(con)
    return con


@pytest.fixture(scope="module")
def county_run(tmp_path_factory):
    con = build(tmp_path_factory.mktemp("benchmarks"), "18")
    yield con
    con.close()


def mart(con, where="true"):
    rows = con.execute(
        "select indicator_id, area_code, area_name, area_level, year, value, status, value_women, "
        f"value_men from mart.indicator_values where {where} order by 1, 2, 5"
    ).fetchall()
    return {(r[0], r[1], r[4]): r[2:4] + r[5:] for r in rows}


def test_a_county_run_publishes_sweden_as_sent_beside_it(county_run):
    sweden = mart(county_run, "area_code = '00'")
    assert sweden == {
        ("economic_assistance_share", "00", 2024): ("Riket", "country", 5.5, "ok", None, None),
        ("long_term_economic_assistance_adults", "00", 2024):
            ("Riket", "country", 1.9, "ok", 1.7, 2.1),
        ("long_term_unemployment_25_64", "00", 2024): ("Riket", "country", 3.6, "ok", 3.2, 4.0),
        # SCB's men and women of Sweden, and their sum as the total (TAB638 has no code for it)
        ("population", "00", 2024): ("Riket", "country", 10587710.0, "ok", 5272680.0, 5315030.0),
    }  # fmt: skip


def test_sweden_is_a_benchmark_only_never_the_county_s_parent(county_run):
    areas = county_run.execute(
        "select area_code, parent_code from intermediate.int_areas order by 1"
    ).fetchall()
    assert ("00" not in {a for a, _ in areas}) and dict(areas)["18"] is None
    published = county_run.execute(
        "select area_code, is_benchmark from intermediate.int_published_areas where is_benchmark"
    ).fetchall()
    assert published == [("00", True)]


def test_women_and_men_stand_beside_the_total_in_the_same_row(county_run):
    values = mart(county_run, "indicator_id = 'long_term_unemployment_25_64'")
    assert values[("long_term_unemployment_25_64", "1881", 2024)][2:] == (4.9, "ok", 4.5, 5.3)
    assert values[("long_term_unemployment_25_64", "18", 2024)][2:] == (4.1, "ok", 3.7, 4.5)
    # one row per (indicator, area, year): the split adds no rows (4 = Sweden, county, Kumla ×2)
    assert len(values) == 4
    # N31807 is not divided by gender: its split is NULL
    assert mart(county_run, "area_code = '1881' and indicator_id = 'economic_assistance_share'")[
        ("economic_assistance_share", "1881", 2024)
    ][2:] == (6.6, "ok", None, None)


def test_population_by_sex_is_scbs_and_its_total_the_tables_own(county_run):
    """Women (Kon 2) and men (Kon 1) beside the total for every area: to 2024 the total is men
    plus women (22,681 = 11,499 + 11,182); a total loaded before migration 027 with Kon left out
    stands alone, and only until men and women are loaded; a sex published as '..' leaves the
    total missing; from 2025 the total is TAB5557's TotSa, not the sum of its noisy parts."""
    values = mart(county_run, "indicator_id = 'population'")
    assert {k: v[2:] for k, v in values.items()} == {
        ("population", "00", 2024): (10587710.0, "ok", 5272680.0, 5315030.0),
        ("population", "18", 2022): (None, "missing", None, None),
        ("population", "18", 2024): (308375.0, "ok", 154613.0, 153762.0),
        ("population", "1881", 2021): (22050.0, "ok", 11050.0, 11000.0),
        ("population", "1881", 2022): (22441.0, "ok", None, None),
        ("population", "1881", 2024): (22681.0, "ok", 11182.0, 11499.0),
        ("population", "1881", 2025): (22800.0, "ok", 11283.0, 11520.0),
    }
    sources = county_run.execute(
        "select year, source from mart.indicator_values "
        "where indicator_id = 'population' and area_code = '1881' order by 1"
    ).fetchall()
    assert [s for _, s in sources] == ["Källa: SCB, TAB638"] * 3 + ["Källa: SCB, TAB5557"]


def test_a_total_not_shown_never_leaves_its_split_visible(county_run):
    # Kolada sent K 4.4 and M 5.0 beside a Missing total: the row is missing, the split NULL
    row = mart(county_run, "area_code = '1881' and year = 2023")
    assert row == {
        ("long_term_unemployment_25_64", "1881", 2023): ("Kumla", "municipality", None, "missing",
                                                         None, None),
    }  # fmt: skip


def test_the_whole_country_keeps_sweden_as_its_own_top_area(tmp_path):
    con = build(tmp_path, "00")
    areas = dict(
        con.execute("select area_code, parent_code from intermediate.int_areas").fetchall()
    )
    assert areas["00"] is None and areas["18"] == "00" and areas["1881"] == "18"
    benchmarks = con.execute(
        "select count(*) from intermediate.int_published_areas where is_benchmark"
    ).fetchone()
    assert benchmarks == (0,)
    sweden = mart(con, "area_code = '00' and indicator_id = 'population'")
    assert sweden == {
        ("population", "00", 2024): ("Riket", "country", 10587710.0, "ok", 5272680.0, 5315030.0)
    }
    con.close()
