"""An area beside its county and Sweden (asfetl indicators --area): each cell a value or the
reason there is none, from hand-made published rows."""

from datetime import UTC, datetime

import duckdb
import pytest

from asfetl import geography
from asfetl.indicators import comparison
from asfetl.warehouse import database

AT = datetime(2026, 12, 7, 12, 0, tzinfo=UTC)
# indicator: (unit, lineage kind of its values)
CATALOGUE = {
    "long_term_unemployment_25_64": ("%", "payload"),  # A, divided by gender
    "long_term_economic_assistance_adults": ("%", "payload"),  # K: no county row
    "region_purchases_from_nonprofits_share": ("%", "payload"),  # L: the county only
    "economic_assistance_share": ("%", "payload"),  # Sweden has it in 2023, not in 2024
    "asf_employees": ("personer / people", "report_file"),  # the region's own reports
    "plan_activities_started": ("antal aktiviteter / activities", "report_file"),  # region only
}
# (indicator, area, year, value, status, suppression_reason, women, men)
VALUES = [
    ("long_term_unemployment_25_64", "1881", 2024, 4.9, "ok", None, 4.5, 5.3),
    ("long_term_unemployment_25_64", "18", 2024, 4.1, "ok", None, 3.7, 4.5),
    ("long_term_unemployment_25_64", "00", 2024, 3.6, "ok", None, 3.2, 4.0),
    ("long_term_economic_assistance_adults", "1881", 2024, 2.9, "ok", None, 2.6, 3.2),
    ("long_term_economic_assistance_adults", "00", 2024, 1.9, "ok", None, 1.7, 2.1),
    ("region_purchases_from_nonprofits_share", "18", 2024, 1.2, "ok", None, None, None),
    ("region_purchases_from_nonprofits_share", "00", 2024, 0.8, "ok", None, None, None),
    ("economic_assistance_share", "1881", 2024, 6.6, "ok", None, None, None),
    ("economic_assistance_share", "18", 2024, 6.5, "ok", None, None, None),
    ("economic_assistance_share", "00", 2023, 5.4, "ok", None, None, None),
    ("asf_employees", "1881", 2024, None, "suppressed", "primary", None, None),
    ("asf_employees", "18", 2024, 48.0, "preliminary", None, None, None),
    ("plan_activities_started", "18", 2024, 5.0, "ok", None, None, None),
]


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    database.migrate(connection)
    for indicator, (unit, _) in CATALOGUE.items():
        connection.execute(
            "insert into mart.indicators (indicator_id, name_sv, name_en, description_sv, "
            "description_en, unit, source, disclosure) values (?, 'n', 'n', 'd', 'd', ?, 's', ?)",
            [indicator, unit, "people" if indicator.startswith("asf") else "none"],
        )
    for indicator, area, year, value, status, reason, women, men in VALUES:
        level = geography.area(area).level
        connection.execute(
            "insert into mart.indicator_values (indicator_id, area_code, area_name, area_level, "
            "year, value, status, unit, source, updated_at, suppression_reason, value_women, "
            "value_men) values (?, ?, ?, ?, ?, ?, ?, 'u', 's', ?, ?, ?, ?)",
            [indicator, area, geography.area(area).name, level, year, value, status, AT, reason,
             women, men],
        )  # fmt: skip
        connection.execute(
            "insert into mart.value_lineage values (?, ?, ?, ?, ?, 'n', ?)",
            [indicator, area, year, CATALOGUE[indicator][1], f"{indicator}{area}{year}", AT],
        )
    yield connection
    connection.close()


def cells(compared, side):
    rows = compared.rows
    return {
        (r["indicator_id"], r["year"]): (r[f"{side}_value"], r[f"{side}_status"], r[f"{side}_note"])
        for _, r in rows.iterrows()
    }


def test_kumla_in_2024_beside_its_county_and_sweden(con):
    compared = comparison.compare(con, geography.area("1881"), year=2024)
    assert (compared.county.code, compared.sweden.code) == ("18", "00")
    # every indicator of the catalogue, once, for 2024
    assert sorted(compared.rows["indicator_id"]) == sorted(CATALOGUE)
    assert cells(compared, "area") == {
        ("long_term_unemployment_25_64", 2024): (4.9, "ok", ""),
        ("long_term_economic_assistance_adults", 2024): (2.9, "ok", ""),
        ("region_purchases_from_nonprofits_share", 2024):
            (None, "", "not published for municipalities by the source"),
        ("economic_assistance_share", 2024): (6.6, "ok", ""),
        ("asf_employees", 2024): (None, "suppressed", ""),
        ("plan_activities_started", 2024): (None, "", "for the region as a whole only"),
    }  # fmt: skip
    assert cells(compared, "county") == {
        ("long_term_unemployment_25_64", 2024): (4.1, "ok", ""),
        ("long_term_economic_assistance_adults", 2024):
            (None, "", "not published for regions by the source"),
        ("region_purchases_from_nonprofits_share", 2024): (1.2, "ok", ""),
        ("economic_assistance_share", 2024): (6.5, "ok", ""),
        ("asf_employees", 2024): (48.0, "preliminary", ""),
        ("plan_activities_started", 2024): (5.0, "ok", ""),
    }  # fmt: skip
    assert cells(compared, "sweden") == {
        ("long_term_unemployment_25_64", 2024): (3.6, "ok", ""),
        ("long_term_economic_assistance_adults", 2024): (1.9, "ok", ""),
        ("region_purchases_from_nonprofits_share", 2024): (0.8, "ok", ""),
        ("economic_assistance_share", 2024): (None, "", "missing"),  # Sweden has 2023 only
        ("asf_employees", 2024): (None, "", "the region's own reports only"),
        ("plan_activities_started", 2024): (None, "", "the region's own reports only"),
    }  # fmt: skip
    split = compared.rows.set_index("indicator_id")[["value_women", "value_men"]]
    assert tuple(split.loc["long_term_unemployment_25_64"]) == (4.5, 5.3)
    assert split.loc["economic_assistance_share"].isna().all()


def test_a_kpi_without_any_sweden_row_is_not_published_for_sweden(con):
    con.execute("delete from mart.indicator_values where area_code = '00' and "
                "indicator_id = 'long_term_economic_assistance_adults'")  # fmt: skip
    try:
        compared = comparison.compare(
            con, geography.area("1881"), "long_term_economic_assistance_adults", 2024
        )
        assert cells(compared, "sweden") == {
            ("long_term_economic_assistance_adults", 2024):
                (None, "", "not published for Sweden by the source"),
        }  # fmt: skip
    finally:
        con.execute(
            "insert into mart.indicator_values (indicator_id, area_code, area_name, area_level, "
            "year, value, status, unit, source, updated_at, value_women, value_men) values "
            "('long_term_economic_assistance_adults', '00', 'Riket', 'country', 2024, 1.9, 'ok', "
            "'u', 's', ?, 1.7, 2.1)",
            [AT],
        )


def test_a_county_has_sweden_beside_it_and_no_county_column(con):
    compared = comparison.compare(con, geography.area("18"), "long_term_unemployment_25_64")
    assert compared.county is None and "county_value" not in compared.rows
    assert cells(compared, "area") == {("long_term_unemployment_25_64", 2024): (4.1, "ok", "")}
    assert cells(compared, "sweden") == {("long_term_unemployment_25_64", 2024): (3.6, "ok", "")}
