import json

import pandas as pd

from asfetl import geography
from asfetl.paths import expectations_dir
from asfetl.settings import load_settings
from asfetl.sources import kolada, scb
from asfetl.validation import validate_frame

SCB_POPULATION = scb.SOURCE.datasets[0].suite_file
KOLADA_KPI_VALUES = kolada.SOURCE.datasets[0].suite_file

PARAMETERS = {"area_codes": ["18", "1880", "1881"], "first_year": 2015, "last_year": 2026}


def frame(**changes) -> pd.DataFrame:
    rows = pd.DataFrame(
        {
            "table_id": "TAB638",
            "contents_code": "BE0101N1",
            "region_code": ["18", "1880", "1881"],
            "region_label": ["Örebro län", "Örebro", "Kumla"],
            "sex_code": ["1", "2", "1"],
            "tid": ["2023", "2023", "2023"],
            "year": pd.array([2023, 2023, 2023], dtype="Int64"),
            "value": pd.array([308116.0, 159348.0, 22516.0], dtype="Float64"),
            "status": ["", "", ""],
        }
    )
    for column, values in changes.items():
        rows[column] = values
    return rows


def test_every_suite_is_valid_gx_json():
    import great_expectations as gx

    for path in [*expectations_dir().glob("*.json"), SCB_POPULATION, KOLADA_KPI_VALUES]:
        suite = gx.ExpectationSuite(**json.loads(path.read_text(encoding="utf-8")))
        assert suite.name == path.stem or path in (SCB_POPULATION, KOLADA_KPI_VALUES)
        assert suite.expectations, path
        for expectation in suite.expectations:
            assert {"rule", "message"} <= set(expectation.meta), (path, expectation.type)


def test_clean_frame_has_no_findings():
    assert validate_frame(frame(), SCB_POPULATION, file="f.json", parameters=PARAMETERS) == []


def test_the_shipped_sample_passes():
    settings = load_settings()
    # as the pipeline passes them: the county, its municipalities and Sweden (00) beside them
    params = PARAMETERS | {"area_codes": [a.code for a in geography.statistics_areas("18")]}
    for payload in scb.fetch_population(settings, sample=True):
        parsed = scb.parse_population(payload, 2015)
        assert validate_frame(parsed, SCB_POPULATION, file="s", parameters=params) == []
    (payload,) = kolada.fetch_kpi_values(settings, sample=True)
    parsed = kolada.parse_kpi_values(payload, 2015)
    params |= {"kpi_ids": sorted(kolada.kpi_indicators())}
    checked = kolada.with_check_columns(parsed)  # as the pipeline validates it
    assert validate_frame(checked, KOLADA_KPI_VALUES, file="k", parameters=params) == []


def test_findings_name_file_row_column_rule_and_value():
    bad = frame(
        region_code=["18", "9999", "1881"],
        value=pd.array([308116.0, 159348.0, -5.0], dtype="Float64"),
    )
    findings = validate_frame(bad, SCB_POPULATION, file="landing/x.json", parameters=PARAMETERS)
    by_rule = {f.rule: f for f in findings}
    assert set(by_rule) == {"region_in_area_list", "population_plausible"}
    region = by_rule["region_in_area_list"]
    assert (region.file, region.row, region.column, region.value) == (
        "landing/x.json",
        2,
        "region_code",
        "9999",
    )
    assert "not one of the areas" in region.message
    plausible = by_rule["population_plausible"]
    assert (plausible.row, plausible.column, plausible.value) == (3, "value", "-5.0")
    assert "row 3, column value" in str(plausible)


def test_duplicate_keys_and_years_out_of_range_are_found():
    bad = frame(
        region_code=["18", "18", "1881"],
        sex_code=["2", "2", "1"],
        tid=["2023", "2023", "1990"],
        year=pd.array([2023, 2023, 1990], dtype="Int64"),
    )
    findings = validate_frame(bad, SCB_POPULATION, file="f", parameters=PARAMETERS)
    rules = sorted((f.rule, f.row) for f in findings)
    assert rules == [
        ("one_value_per_region_and_year", 1),
        ("one_value_per_region_and_year", 2),
        ("year_in_range", 3),
    ]


def test_one_region_and_year_may_hold_each_sex_once_and_no_other_sex_code():
    """SCB's Kon: 1 men, 2 women, TotSa both (TAB5557), none when eliminated; men and women of
    one region and year are two rows, the same sex twice a duplicate."""
    both = frame(region_code=["18", "18", "1881"], sex_code=["1", "2", ""])
    assert validate_frame(both, SCB_POPULATION, file="f", parameters=PARAMETERS) == []
    odd = frame(sex_code=["1", "K", "TotSa"])
    findings = validate_frame(odd, SCB_POPULATION, file="f", parameters=PARAMETERS)
    assert [(f.rule, f.row, f.column, f.value) for f in findings] == [
        ("sex_known", 2, "sex_code", "K")
    ]
