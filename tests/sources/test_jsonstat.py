import json

import pandas as pd
import pytest

from asfetl.sources.scb.jsonstat import JsonStatError, parse_jsonstat2
from tests.conftest import FIXTURES


def real_response() -> dict:
    """SCB's real TAB6471 response (21 counties × 11 ages × 3 sexes × 1 content × 4 months)."""
    return json.loads((FIXTURES / "scb" / "TAB6471_data.json").read_text(encoding="utf-8"))


def test_real_response_gives_one_row_per_cell_in_row_major_order():
    doc = real_response()
    frame = parse_jsonstat2(doc)
    assert len(frame) == 21 * 11 * 3 * 1 * 4 == len(doc["value"])
    # last dimension (Tid) varies fastest: the first four rows are 01 / 0-9 / TotSa over the months
    first = frame.iloc[:4]
    assert list(first["Region"]) == ["01"] * 4
    assert list(first["Tid"]) == ["2026M01", "2026M02", "2026M03", "2026M04"]
    assert list(first["value"]) == doc["value"][:4]
    # a cell chosen by hand: Region 18 (index 13), Alder 20-29 (2), Kon 2 (2), month 3 (index 2)
    flat = ((13 * 11 + 2) * 3 + 2) * 4 + 2
    row = frame.iloc[flat]
    assert (row["Region"], row["Alder"], row["Kon"], row["Tid"]) == ("18", "20-29", "2", "2026M03")
    assert row["value"] == doc["value"][flat]
    assert row["Region_label"] == "Örebro län"


def small(index_as_array: bool = False) -> dict:
    regions = ["18", "1880"]
    return {
        "version": "2.0",
        "class": "dataset",
        "id": ["Region", "Tid"],
        "size": [2, 2],
        "dimension": {
            "Region": {
                "category": {
                    "index": regions if index_as_array else {c: i for i, c in enumerate(regions)},
                    "label": {"18": "Örebro län", "1880": "Örebro"},
                }
            },
            "Tid": {"category": {"index": {"2023": 0, "2024": 1}}},
        },
        "value": [308116, None, 159348, 0],
        "status": {"1": ".."},
    }


@pytest.mark.parametrize("index_as_array", [False, True])
def test_index_may_be_object_or_array(index_as_array):
    frame = parse_jsonstat2(small(index_as_array))
    assert list(frame["Region"]) == ["18", "18", "1880", "1880"]
    assert list(frame["Tid"]) == ["2023", "2024", "2023", "2024"]


def test_nulls_and_status_symbols_are_kept_and_zero_stays_zero():
    frame = parse_jsonstat2(small())
    assert pd.isna(frame.loc[1, "value"]) and frame.loc[1, "status"] == ".."
    assert frame.loc[3, "value"] == 0 and frame.loc[3, "status"] == ""
    assert frame.loc[0, "value"] == 308116


def test_labels_fall_back_to_codes():
    frame = parse_jsonstat2(small())
    assert list(frame["Tid_label"]) == ["2023", "2024", "2023", "2024"]


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda d: d.update({"class": "collection"}), "not a json-stat2 dataset"),
        (lambda d: d.update({"value": [1, 2, 3]}), "3 values for 4 cells"),
        (lambda d: d.update({"size": [3, 2]}), "do not match"),
    ],
)
def test_malformed_payloads_are_refused_with_a_reason(change, message):
    doc = small()
    change(doc)
    with pytest.raises(JsonStatError, match=message):
        parse_jsonstat2(doc)
