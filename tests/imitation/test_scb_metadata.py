"""The SCB imitation's /config, table listing, metadata and codelists match the recordings."""

import pytest
import requests

from asfetl import geography
from tests.imitation import ScbImitation
from tests.imitation.probe import TIMEOUT, codes, fixture


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


def test_scb_url_and_config_come_from_the_constructor() -> None:
    with ScbImitation(max_cells=1234, max_calls=7, time_window=3) as server:
        assert server.url.startswith("http://127.0.0.1:")
        assert server.url.endswith("/api/v2")
        config = requests.get(f"{server.url}/config", timeout=TIMEOUT).json()
    recorded = fixture("config.json")
    assert list(config) == list(recorded)
    assert config["maxDataCells"] == 1234
    assert config["maxCallsPerTimeWindow"] == 7
    assert config["timeWindow"] == 3
    assert config["defaultDataFormat"] == "json-stat2"


def test_scb_defaults_are_the_live_limits() -> None:
    with ScbImitation() as server:
        config = requests.get(f"{server.url}/config", timeout=TIMEOUT).json()
    assert (config["maxDataCells"], config["maxCallsPerTimeWindow"], config["timeWindow"]) == (
        150_000,
        30,
        10,
    )


@pytest.mark.parametrize(
    ("table", "elimination"),
    [
        (
            "TAB638",
            {
                "Region": True,
                "Civilstand": True,
                "Alder": True,
                "Kon": True,
                "ContentsCode": False,
                "Tid": False,
            },
        ),
        (
            "TAB5557",
            {
                "Region": True,
                "Civilstand": False,
                "Alder": False,
                "Kon": True,
                "ContentsCode": False,
                "Tid": False,
            },
        ),
    ],
)
def test_scb_metadata_has_the_recorded_shape_and_elimination_flags(
    scb: ScbImitation, table: str, elimination: dict[str, bool]
) -> None:
    response = requests.get(f"{scb.url}/tables/{table}/metadata?lang=sv", timeout=TIMEOUT)
    assert response.status_code == 200
    meta = response.json()
    recorded = fixture("TAB6471_metadata.json")
    assert list(meta) == list(recorded)
    assert meta["value"] == []
    assert meta["id"] == list(elimination)
    assert {d: meta["dimension"][d]["extension"]["elimination"] for d in meta["id"]} == elimination
    for dimension in meta["dimension"].values():
        assert isinstance(dimension["extension"]["codelists"], list)
        assert list(dimension)[-2:] == ["category", "extension"]
    assert meta["size"] == [len(meta["dimension"][d]["category"]["index"]) for d in meta["id"]]
    assert codes(meta, "Region") == list(geography.all_areas())
    assert meta["dimension"]["Region"]["extension"]["codelists"]
    contents = meta["dimension"]["ContentsCode"]["category"]
    assert all(unit == {"base": "antal", "decimals": 0} for unit in contents["unit"].values())
    assert meta["extension"]["px"]["tableid"] == table


def test_scb_metadata_codes_and_ckm_note(scb: ScbImitation) -> None:
    old = requests.get(f"{scb.url}/tables/TAB638/metadata", timeout=TIMEOUT).json()
    new = requests.get(f"{scb.url}/tables/TAB5557/metadata", timeout=TIMEOUT).json()
    assert codes(old, "Tid") == [str(y) for y in range(1968, 2025)]
    assert codes(old, "Alder")[-2:] == ["100+", "tot"]
    assert codes(old, "Civilstand") == ["OG", "G", "ÄNKL", "SK"]
    assert codes(old, "ContentsCode") == ["BE0101N1", "BE0101N2"]
    assert codes(new, "Tid") == ["2025"]
    assert codes(new, "Alder")[:2] == ["TotSA", "0"]
    assert codes(old, "Kon") == ["1", "2"]  # no code for both: Kon left out is their sum
    assert codes(new, "Kon") == ["1", "2", "TotSa"]  # the real metadata's order
    assert codes(new, "Civilstand") == ["SC", "OG", "G", "ÄNKL", "SK"]
    assert codes(new, "ContentsCode") == ["000007ME"]
    assert fixture("TAB6471_metadata.json")["note"][0] in new["note"]


def test_scb_table_listing_and_codelists(scb: ScbImitation) -> None:
    listing = requests.get(f"{scb.url}/tables?query=folkmängden", timeout=TIMEOUT).json()
    assert list(listing) == list(fixture("tables.json"))
    assert [t["id"] for t in listing["tables"]] == ["TAB638", "TAB5557"]
    assert list(listing["tables"][0]) == list(fixture("tables.json")["tables"][0])
    table = requests.get(f"{scb.url}/tables/TAB5557", timeout=TIMEOUT).json()
    assert (table["firstPeriod"], table["lastPeriod"]) == ("2025", "2025")
    meta = requests.get(f"{scb.url}/tables/TAB638/metadata", timeout=TIMEOUT).json()
    link = meta["dimension"]["Region"]["extension"]["codelists"][1]["links"][0]["href"]
    assert link.startswith(scb.url)  # links point back at the imitation
    counties = requests.get(link, timeout=TIMEOUT).json()
    assert [v["code"] for v in counties["values"]] == [c.code for c in geography.counties()]


def test_scb_config_with_the_limiter_off_still_reports_integers(scb: ScbImitation) -> None:
    config = requests.get(f"{scb.url}/config", timeout=TIMEOUT).json()
    assert config["maxCallsPerTimeWindow"] == 1_000_000
    assert config["timeWindow"] == 10
