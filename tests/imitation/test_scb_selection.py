"""The SCB imitation answers GET and POST selections (expressions, wildcards, codelists) like SCB."""

import itertools

import pytest
import requests

from asfetl import geography
from tests.imitation import ScbImitation
from tests.imitation import scb as scb_data
from tests.imitation.probe import OREBRO, TIMEOUT, codes, data_url, fixture, get, post, problem_of


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


def test_scb_get_and_post_give_identical_json_stat2(scb: ScbImitation) -> None:
    by_post = post(
        scb,
        "TAB638",
        Region=["18", "1880"],
        Kon=["1", "2"],
        ContentsCode=["BE0101N1"],
        Tid=["range(2020,2022)"],
    )
    by_get = get(
        scb,
        "TAB638",
        Region="18,1880",
        Kon="1,2",
        ContentsCode="BE0101N1",
        Tid="[range(2020,2022)]",
    )
    assert by_post.status_code == by_get.status_code == 200
    assert by_post.content == by_get.content
    document = by_post.json()
    assert list(document) == list(fixture("TAB6471_data.json"))  # no status: no null cells
    assert document["id"] == ["Region", "Kon", "ContentsCode", "Tid"]
    assert document["size"] == [2, 2, 1, 3]
    assert document["label"] == "Folkmängden efter region, kön och år"
    assert document["role"] == {"time": ["Tid"], "metric": ["ContentsCode"]}
    assert document["extension"]["px"]["tableid"] == "TAB638"
    assert document["extension"]["px"]["stub"] == ["Region", "Kon"]
    assert document["dimension"]["Region"]["category"]["label"]["1880"] == "Örebro"
    assert "codelists" not in document["dimension"]["Region"]["extension"]
    unit = document["dimension"]["ContentsCode"]["category"]["unit"]["BE0101N1"]
    assert unit == {"base": "antal", "decimals": 0}
    get_request = scb.data_requests()[-1]
    assert get_request.method == "GET"
    assert get_request.query["valueCodes[Tid]"] == ["[range(2020,2022)]"]
    assert get_request.path == "/api/v2/tables/TAB638/data"


def test_scb_values_are_row_major_with_the_last_dimension_fastest(scb: ScbImitation) -> None:
    selection = {"Region": ["1880", "18"], "Kon": ["2", "1"], "Tid": ["2023", "2024"]}
    document = post(scb, "TAB638", ContentsCode=["BE0101N1"], **selection).json()
    assert codes(document, "Region") == ["1880", "18"]  # in the order selected
    expected = [
        scb_data.cell_value(
            "TAB638", {"Region": r, "Kon": k, "ContentsCode": "BE0101N1", "Tid": t}
        )[0]
        for r, k, t in itertools.product(*selection.values())
    ]
    assert document["value"] == expected
    assert document["value"][0] + document["value"][2] == pytest.approx(159348, abs=1)


@pytest.mark.parametrize(
    ("expression", "expected"),
    [
        ("top(3)", ["2022", "2023", "2024"]),
        ("TOP(2,1)", ["2022", "2023"]),
        ("bottom(2)", ["1968", "1969"]),
        ("from(2021)", ["2021", "2022", "2023", "2024"]),
        ("to(1970)", ["1968", "1969", "1970"]),
        ("range(2024,2022)", ["2022", "2023", "2024"]),
        ("*", [str(y) for y in range(1968, 2025)]),
        ("201?", [str(y) for y in range(2010, 2020)]),
    ],
)
def test_scb_selection_expressions(scb: ScbImitation, expression: str, expected: list[str]) -> None:
    response = post(scb, "TAB638", Region=["18"], ContentsCode=["BE0101N1"], Tid=[expression])
    assert response.status_code == 200, response.text
    assert codes(response.json(), "Tid") == expected


def test_scb_wildcards_and_codelists_on_region(scb: ScbImitation) -> None:
    document = post(scb, "TAB638", Region=["18*"], ContentsCode=["BE0101N1"], Tid=["2024"]).json()
    assert codes(document, "Region") == OREBRO
    body = {
        "selection": [
            {"variableCode": "Region", "valueCodes": ["*"], "codelist": "vs_RegionLän07"},
            {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
            {"variableCode": "Tid", "valueCodes": ["2024"]},
        ]
    }
    counties = requests.post(data_url(scb, "TAB638"), json=body, timeout=TIMEOUT).json()
    assert codes(counties, "Region") == [c.code for c in geography.counties()]
    assert counties["dimension"]["Region"]["extension"]["elimination"] is False
    body["selection"][0]["codelist"] = "vs_NoSuchList"
    response = requests.post(data_url(scb, "TAB638"), json=body, timeout=TIMEOUT)
    assert response.status_code == 400
    assert problem_of(response)["title"] == "Non-existent codelist"


def test_scb_get_splits_on_commas_unless_bracketed(scb: ScbImitation) -> None:
    bracketed = get(scb, "TAB638", Region="18", ContentsCode="BE0101N1", Tid="[range(2020,2024)]")
    assert bracketed.status_code == 200
    assert codes(bracketed.json(), "Tid") == ["2020", "2021", "2022", "2023", "2024"]
    bare = get(scb, "TAB638", Region="18", ContentsCode="BE0101N1", Tid="range(2020,2024)")
    assert bare.status_code == 400
    assert problem_of(bare)["title"] == "Illegal selection expression"


def test_scb_default_selection_silently_drops_region(scb: ScbImitation) -> None:
    by_get = requests.get(data_url(scb, "TAB638"), timeout=TIMEOUT)
    by_post = requests.post(data_url(scb, "TAB638"), json={"selection": []}, timeout=TIMEOUT)
    assert by_get.status_code == by_post.status_code == 200
    assert by_get.content == by_post.content
    document = by_get.json()
    assert document["id"] == ["ContentsCode", "Tid"]
    assert "Region" not in document["dimension"]
    assert codes(document, "ContentsCode") == ["BE0101N1"]
    assert codes(document, "Tid") == ["2024"]
    assert document["value"] == [scb_data.population("TAB638", "00", 2024)]
    ckm = requests.get(data_url(scb, "TAB5557"), timeout=TIMEOUT).json()
    assert ckm["id"] == ["Civilstand", "Alder", "ContentsCode", "Tid"]
    assert ckm["value"] == [scb_data.population("TAB5557", "00", 2025)]
