"""Kolada's suite: the 0–100 rule applies to the KPIs whose unit is %, not to counts."""

import pandas as pd

from asfetl.sources.kolada import SOURCE
from asfetl.sources.kolada.kpi_values import percentage_kpis
from asfetl.validation import validate_frame

(VALUES,) = [d for d in SOURCE.datasets if d.name == "kpi_values"]


def frame(rows: list[tuple[str, float]]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "kpi": [kpi for kpi, _ in rows],
            "municipality_id": "1880",
            "area_code": "1880",
            "period": [str(2020 + i) for i in range(len(rows))],
            "year": [2020 + i for i in range(len(rows))],
            "gender": "T",
            "value": [value for _, value in rows],
            "status": "",
            "count": 1,
        }
    )


def check(rows: list[tuple[str, float]], kpis: list[str]):
    parameters = {"kpi_ids": kpis, "area_codes": ["1880"], "first_year": 2015, "last_year": 2026}
    return validate_frame(
        VALUES.checked_frame(frame(rows)), VALUES.suite_file, file="x", parameters=parameters
    )


def test_every_configured_share_is_a_percentage_and_days_counts_and_kronor_are_not():
    not_shares = {"N00957", "N01702", "N01703", "N40011"}  # days, full-year equivalents, kr/inv
    assert percentage_kpis() == {e.object_id for e in SOURCE.contract.expected()} - not_shares


def test_a_share_above_100_is_refused_and_a_count_is_not():
    share = sorted(percentage_kpis())[0]
    (finding,) = check([(share, 150.0), ("N01951", 156381.0)], [share, "N01951"])
    assert (finding.rule, finding.row, finding.column, finding.value) == (
        "percentage_0_100",
        1,
        "value",
        "150.0",
    )
    assert check([(share, 99.5), ("N01951", 156381.0)], [share, "N01951"]) == []
