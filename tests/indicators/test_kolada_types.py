"""What a Kolada KPI's type allows, from raw rows to mart.indicator_values: a K KPI
(municipalities only) has no county row unless Kolada sends one, an L KPI only the county's;
asfetl never sums or averages municipal values into a county's."""

from datetime import UTC, datetime

import pytest

from asfetl.indicators import transform
from asfetl.warehouse import database

LOADED = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)

# (kpi, Kolada id, year, value or None for 'Missing'): what Kolada sent, total (gender T) only
KOLADA = [
    # A (N03951): the county and two municipalities, each as Kolada gives it
    ("N03951", "0018", 2024, 3.1),
    ("N03951", "1880", 2024, 3.3),
    ("N03951", "1881", 2024, 2.7),
    # K (N31816): municipalities only; Kolada publishes no county row
    ("N31816", "1880", 2024, 3.4),
    ("N31816", "1881", 2024, 2.9),
    # K (N31858): one municipality's value 'Missing'
    ("N31858", "1880", 2024, 41.0),
    ("N31858", "1881", 2024, None),
    # K (N40011) for which Kolada does send a county row: kept as sent
    ("N40011", "1880", 2024, 1510.0),
    ("N40011", "1881", 2024, 1320.0),
    ("N40011", "0018", 2024, 1455.0),
    # L (N60092): the region only
    ("N60092", "0018", 2024, 1.6),
]


@pytest.fixture(scope="module")
def values(tmp_path_factory):
    con = database.connect(tmp_path_factory.mktemp("kolada_types") / "w.duckdb")
    database.migrate(con)
    for kpi, kolada_id, year, value in KOLADA:
        area = kolada_id[2:] if kolada_id.startswith("00") else kolada_id
        status = "Missing" if value is None else ""
        con.execute(
            "insert into raw.kolada_kpi_values values (?, ?, ?, ?, ?, 'T', ?, ?, 1, 'p1', false, ?)",
            [kpi, kolada_id, area, str(year), year, value, status, LOADED],
        )
    transform.load_seeds(con, "18")
    transform.run_models(con)
    rows = con.execute(
        "select indicator_id, area_code, year, value, status from mart.indicator_values "
        "where source like 'Källa: Kolada%'"
    ).fetchall()
    con.close()
    return {(r[0], r[1], r[2]): (r[3], r[4]) for r in rows}


def test_a_k_kpi_has_no_county_row_and_no_invented_one(values):
    # the municipalities' mean would be 3.15 and their sum 6.3: neither appears for the county
    adults = {k: v for k, v in values.items() if k[0] == "long_term_economic_assistance_adults"}
    assert adults == {
        ("long_term_economic_assistance_adults", "1880", 2024): (3.4, "ok"),
        ("long_term_economic_assistance_adults", "1881", 2024): (2.9, "ok"),
    }
    unemployed = {k: v for k, v in values.items() if k[0] == "economic_assistance_unemployed_share"}
    assert unemployed == {
        ("economic_assistance_unemployed_share", "1880", 2024): (41.0, "ok"),
        ("economic_assistance_unemployed_share", "1881", 2024): (None, "missing"),
    }


def test_a_county_value_is_kolada_s_never_recomputed(values):
    # N03951: the county's 3.1 as sent, not the municipalities' mean (3.0)
    assert values[("long_term_unemployment_18_24", "18", 2024)] == (3.1, "ok")
    # N40011 (K) with a county row Kolada did send: 1455 as sent, not the mean 1415
    cost = "labour_market_measures_net_cost_per_inhabitant"
    assert values[(cost, "18", 2024)] == (1455.0, "ok")


def test_an_l_kpi_has_the_county_only(values):
    purchases = {
        k: v for k, v in values.items() if k[0] == "region_purchases_from_nonprofits_share"
    }
    assert purchases == {("region_purchases_from_nonprofits_share", "18", 2024): (1.6, "ok")}
