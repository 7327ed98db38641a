"""The local SCB and Kolada imitations (tests/imitation) behave like the real services."""

import itertools
import json
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
import requests

from asfetl import geography
from tests.imitation import KoladaImitation, Reply, ScbImitation
from tests.imitation import kolada as kolada_data
from tests.imitation import scb as scb_data

PROJECT = Path(__file__).resolve().parent.parent
SCB_FIXTURES = Path(__file__).parent / "fixtures" / "scb"
OREBRO = ["18", *(m.code for m in geography.municipalities("18"))]
TIMEOUT = 10


# ---- helpers ------------------------------------------------------------------------------------


def fixture(name: str) -> dict[str, Any]:
    return json.loads((SCB_FIXTURES / name).read_text(encoding="utf-8"))


def data_url(server: ScbImitation, table: str) -> str:
    return f"{server.url}/tables/{table}/data?lang=sv&outputFormat=json-stat2"


def post(server: ScbImitation, table: str, **selection: list[str]) -> requests.Response:
    body = {"selection": [{"variableCode": v, "valueCodes": c} for v, c in selection.items()]}
    return requests.post(data_url(server, table), json=body, timeout=TIMEOUT)


def get(server: ScbImitation, table: str, **value_codes: str) -> requests.Response:
    query = "".join(f"&valueCodes[{v}]={codes}" for v, codes in value_codes.items())
    return requests.get(data_url(server, table) + query, timeout=TIMEOUT)


def codes(document: dict[str, Any], dimension: str) -> list[str]:
    index = document["dimension"][dimension]["category"]["index"]
    return sorted(index, key=index.get)


def cells(document: dict[str, Any]) -> dict[tuple[str, ...], tuple[Any, str | None]]:
    """(code per dimension) → (value, status), reading json-stat2 row-major (last fastest)."""
    combos = itertools.product(*(codes(document, d) for d in document["id"]))
    status = document.get("status", {})
    return {combo: (document["value"][i], status.get(str(i))) for i, combo in enumerate(combos)}


def problem_of(response: requests.Response) -> dict[str, Any]:
    assert response.headers["Content-Type"].startswith("application/problem+json")
    return response.json()


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


@pytest.fixture
def kolada() -> KoladaImitation:
    with KoladaImitation(max_calls=None) as server:
        yield server


# ---- SCB: config and metadata -------------------------------------------------------------------


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
    assert codes(new, "Kon") == ["TotSa", "1", "2"]
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


# ---- SCB: data ----------------------------------------------------------------------------------


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


def test_scb_orebro_lan_2023_and_2024_are_scbs_figures(scb: ScbImitation) -> None:
    response = post(scb, "TAB638", Region=OREBRO, ContentsCode=["BE0101N1"], Tid=["2023", "2024"])
    table = {key[0::2]: value for key, (value, _) in cells(response.json()).items()}
    assert table["18", "2023"] == 308116
    assert table["18", "2024"] == 308375
    assert table["1880", "2023"] == 159348
    assert table["1864", "2024"] == 4369
    for year in ("2023", "2024"):
        assert sum(table[m, year] for m in OREBRO[1:]) == table["18", year]


def test_scb_folkokning_is_the_change_and_null_in_1968(scb: ScbImitation) -> None:
    document = post(
        scb, "TAB638", Region=["1880"], ContentsCode=["*"], Tid=["1968", "1969", "2024"]
    ).json()
    table = cells(document)
    assert table["1880", "BE0101N2", "1968"] == (None, "..")
    assert table["1880", "BE0101N2", "2024"] == (160140 - 159348, None)
    change_1969 = table["1880", "BE0101N2", "1969"][0]
    assert (
        change_1969 == table["1880", "BE0101N1", "1969"][0] - table["1880", "BE0101N1", "1968"][0]
    )


def test_scb_parts_use_fixed_shares_of_the_total(scb: ScbImitation) -> None:
    document = post(
        scb,
        "TAB638",
        Region=["1880"],
        Civilstand=["*"],
        Alder=["tot", "0", "100+"],
        Kon=["*"],
        ContentsCode=["BE0101N1"],
        Tid=["2024"],
    ).json()
    assert document["size"] == [1, 4, 3, 2, 1, 1]
    table = cells(document)
    parts = sum(
        table["1880", c, "tot", k, "BE0101N1", "2024"][0]
        for c in ["OG", "G", "ÄNKL", "SK"]
        for k in "12"
    )
    assert parts == pytest.approx(160140, abs=8)  # rounding only
    assert (
        table["1880", "G", "0", "1", "BE0101N1", "2024"][0]
        < table["1880", "G", "tot", "1", "BE0101N1", "2024"][0]
    )


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


def test_scb_missing_mandatory_variable_is_400(scb: ScbImitation) -> None:
    response = post(
        scb,
        "TAB5557",
        Region=["18"],
        Civilstand=["SC"],
        Kon=["TotSa"],
        ContentsCode=["000007ME"],
        Tid=["2025"],
    )
    assert response.status_code == 400
    assert problem_of(response) == {
        "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
        "title": "Missing selection for mandantory variable",
        "status": 400,
        "detail": "Alder",
    }


@pytest.mark.parametrize(
    ("selection", "title"),
    [
        ({"Region": ["9999"]}, "Non-existent value"),
        ({"Region": ["top(x)"]}, "Illegal selection expression"),
        ({"Region": ["range(18)"]}, "Illegal selection expression"),
        ({"Region": ["1*8*0"]}, "Illegal selection expression"),
        ({"Region": ["from(9999)"]}, "Non-existent value"),
        ({"Region": ["18"], "Lan": ["18"]}, "Non-existent variable"),
    ],
)
def test_scb_bad_selections_are_400(
    scb: ScbImitation, selection: dict[str, list[str]], title: str
) -> None:
    response = post(scb, "TAB638", ContentsCode=["BE0101N1"], Tid=["2024"], **selection)
    assert response.status_code == 400
    body = problem_of(response)
    assert body["title"] == title
    assert body["status"] == 400


def test_scb_post_needs_a_json_content_type(scb: ScbImitation) -> None:
    selection = [
        {"variableCode": "ContentsCode", "valueCodes": ["BE0101N1"]},
        {"variableCode": "Tid", "valueCodes": ["2024"]},
    ]
    body = json.dumps({"selection": selection})
    plain = requests.post(data_url(scb, "TAB638"), data=body, timeout=TIMEOUT)
    assert plain.status_code == 415
    assert problem_of(plain)["title"] == "Unsupported Media Type"
    typed = requests.post(
        data_url(scb, "TAB638"),
        data=body,
        headers={"Content-Type": "application/json"},
        timeout=TIMEOUT,
    )
    assert typed.status_code == 200


def test_scb_duplicated_value_code_is_500_with_an_empty_body(scb: ScbImitation) -> None:
    response = post(
        scb, "TAB638", Region=["18", "1880", "18"], ContentsCode=["BE0101N1"], Tid=["2024"]
    )
    assert response.status_code == 500
    assert response.content == b""
    by_get = get(scb, "TAB638", Region="18", ContentsCode="BE0101N1", Tid="2024,2024")
    assert by_get.status_code == 500
    assert by_get.content == b""
    # An expression overlapping a listed code is not a duplicate.
    assert post(scb, "TAB638", Region=["18*", "18"], ContentsCode=["BE0101N1"], Tid=["2024"]).ok


def test_scb_too_many_cells_is_403() -> None:
    with ScbImitation(max_cells=312, max_calls=None) as server:
        at_limit = post(server, "TAB638", Region=["*"], ContentsCode=["BE0101N1"], Tid=["2024"])
        assert at_limit.status_code == 200
        assert len(at_limit.json()["value"]) == 312
        over = post(server, "TAB638", Region=["*"], ContentsCode=["*"], Tid=["2024"])
    assert over.status_code == 403
    body = problem_of(over)
    assert body["title"] == "Too many cells selected"
    assert "624" in body["detail"]
    assert "312" in body["detail"]


def test_scb_unknown_table_and_overlong_get_are_404(scb: ScbImitation) -> None:
    unknown = post(scb, "TAB99999", Region=["18"])
    assert unknown.status_code == 404
    assert problem_of(unknown)["title"] == "Non-existent table"
    metadata = requests.get(f"{scb.url}/tables/TAB99999/metadata", timeout=TIMEOUT)
    assert metadata.status_code == 404
    # Every region, every age and every year: fine as POST, too long for a GET URL.
    regions = [a.code for a in geography.all_areas().values()]
    ages = [*(str(a) for a in range(100)), "100+", "tot"]
    years = [str(y) for y in range(1968, 2025)]
    quoted_ages = ",".join(a.replace("+", "%2B") for a in ages)
    long_get = get(
        scb,
        "TAB638",
        Region=",".join(regions),
        Alder=quoted_ages,
        ContentsCode="BE0101N1",
        Tid=",".join(years),
    )
    assert len(long_get.request.path_url) > 2100
    assert long_get.status_code == 404
    by_post = post(scb, "TAB638", Region=regions, Alder=ages, ContentsCode=["BE0101N1"], Tid=years)
    assert by_post.status_code == 403  # reached the API: only too many cells, split by year
    one_year = post(
        scb, "TAB638", Region=regions, Alder=ages, ContentsCode=["BE0101N1"], Tid=["2024"]
    )
    assert one_year.status_code == 200
    assert len(one_year.json()["value"]) == 312 * 102
    assert codes(one_year.json(), "Alder")[-2:] == ["100+", "tot"]


def test_scb_get_url_limit_is_2100_characters(scb: ScbImitation) -> None:
    # Brackets written as %5B/%5D, as requests sends them anyway.
    base = data_url(scb, "TAB638") + (
        "&valueCodes%5BContentsCode%5D=BE0101N1&valueCodes%5BTid%5D=2024&pad="
    )
    path_length = len(base) - len(scb.origin)
    at_limit = requests.get(base + "x" * (2100 - path_length), timeout=TIMEOUT)
    assert len(at_limit.request.path_url) == 2100
    assert at_limit.status_code == 200
    over = requests.get(base + "x" * (2101 - path_length), timeout=TIMEOUT)
    assert over.status_code == 404


def test_scb_suppressed_cell_is_null_with_status(scb: ScbImitation) -> None:
    document = post(
        scb, "TAB638", Region=["18", "1864"], ContentsCode=["*"], Tid=["2015", "2016", "2017"]
    ).json()
    assert list(document)[-2:] == ["value", "status"]
    table = cells(document)
    assert table["1864", "BE0101N1", "2016"] == (None, "..")
    assert table["1864", "BE0101N2", "2016"] == (None, "..")
    assert table["1864", "BE0101N2", "2017"] == (None, "..")
    assert table["1864", "BE0101N1", "2015"][0] > 0
    assert table["18", "BE0101N1", "2016"][0] > 0  # the county total is still published
    flat = document["id"]
    assert flat == ["Region", "ContentsCode", "Tid"]
    assert document["status"]["10"] == ".."  # 1864 (1) · 6 + BE0101N1 (0) · 3 + 2016 (1)
    assert scb_data.population("TAB638", "1864", 2016) is None


def test_scb_ckm_noise_breaks_sums_in_tab5557_but_not_in_tab638(scb: ScbImitation) -> None:
    everything = [a.code for a in geography.all_areas().values()]
    old = post(scb, "TAB638", Region=everything, ContentsCode=["BE0101N1"], Tid=["2024"]).json()
    new = post(
        scb,
        "TAB5557",
        Region=everything,
        Civilstand=["SC"],
        Alder=["TotSA"],
        ContentsCode=["000007ME"],
        Tid=["2025"],
    ).json()
    old_values = dict(zip(codes(old, "Region"), old["value"], strict=True))
    new_values = dict(zip(codes(new, "Region"), new["value"], strict=True))
    differences = []
    for county in geography.counties():
        parts = [m.code for m in geography.municipalities(county.code)]
        assert sum(old_values[m] for m in parts) == old_values[county.code]
        gap = sum(new_values[m] for m in parts) - new_values[county.code]
        assert abs(gap) <= 2 * (len(parts) + 1)
        differences.append(gap)
    assert any(differences)
    assert sum(old_values[c.code] for c in geography.counties()) == old_values["00"]
    assert new_values["18"] == scb_data.population("TAB5557", "18", 2025)
    assert abs(new_values["18"] - scb_data.model_population("18", 2025)) <= 2


def test_population_model_is_plausible_and_consistent() -> None:
    population = scb_data.population
    assert population("TAB638", "18", 2023) == 308116
    assert population("TAB638", "1885", 2024) == 23141
    assert population("TAB638", "18", 2025) is None
    assert population("TAB5557", "18", 2024) is None
    assert population("TAB9", "18", 2024) is None
    municipalities = geography.municipalities()
    for year in (1968, 1990, 2016, 2024):
        for county in geography.counties():
            parts = [
                scb_data.model_population(m.code, year)
                for m in geography.municipalities(county.code)
            ]
            assert sum(parts) == population("TAB638", county.code, year)
        assert population("TAB638", "00", year) == sum(
            population("TAB638", c.code, year) for c in geography.counties()
        )
    for m in municipalities:
        if m.code in scb_data.REAL_POPULATION:
            continue
        series = [scb_data.model_population(m.code, y) for y in range(1968, 2026)]
        assert 2_500 <= series[2024 - 1968] <= 1_000_000
        assert all(abs(b / a - 1) < 0.02 for a, b in itertools.pairwise(series))
    assert 7_000_000 < population("TAB638", "00", 2024) < 12_000_000


# ---- common machinery: rate limit, injection, faults ------------------------------------------


def test_rate_limit_answers_429_with_retry_after_and_rejections_do_not_count() -> None:
    with ScbImitation(max_calls=3, time_window=1) as server:
        config = f"{server.url}/config"
        first = time.monotonic()
        assert [requests.get(config, timeout=TIMEOUT).status_code for _ in range(3)] == [200] * 3
        limited = requests.get(config, timeout=TIMEOUT)
        assert limited.status_code == 429
        assert limited.headers["Retry-After"] == "1"
        body = problem_of(limited)
        assert body["status"] == 429
        assert requests.get(config, timeout=TIMEOUT).status_code == 429  # not counted either
        time.sleep(max(0.0, first + 1.05 - time.monotonic()))
        # The window slid past the first three calls; the two 429s never entered it.
        assert [requests.get(config, timeout=TIMEOUT).status_code for _ in range(3)] == [200] * 3
        assert requests.get(config, timeout=TIMEOUT).status_code == 429
    assert [r.status for r in server.requests] == [200, 200, 200, 429, 429, 200, 200, 200, 429]


def test_retry_after_is_rounded_up_to_whole_seconds() -> None:
    with ScbImitation(max_calls=1, time_window=2.5) as server:
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok
        limited = requests.get(f"{server.url}/config", timeout=TIMEOUT)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "3"


def test_injected_replies_come_first_in_order_and_are_recorded(scb: ScbImitation) -> None:
    scb.inject(
        "/data",
        Reply(503, b'{"title":"Service Unavailable"}'),
        Reply(429, b"", {"Retry-After": "2"}),
    )
    scb.inject("/config", Reply(500))
    selection = {"Region": ["18"], "ContentsCode": ["BE0101N1"], "Tid": ["2024"]}
    statuses = [post(scb, "TAB638", **selection).status_code for _ in range(3)]
    assert statuses == [503, 429, 200]
    assert requests.get(f"{scb.url}/config", timeout=TIMEOUT).status_code == 500
    assert requests.get(f"{scb.url}/config", timeout=TIMEOUT).status_code == 200
    assert [r.status for r in scb.data_requests()] == [503, 429, 200]
    assert [r.status for r in scb.requests] == [503, 429, 200, 500, 200]
    assert all(r.method == "POST" and r.json()["selection"] for r in scb.data_requests())
    assert scb.pending_injections() == 0


def test_injected_replies_count_towards_the_rate_limit() -> None:
    with ScbImitation(max_calls=2, time_window=5) as server:
        server.inject("/config", Reply(503), Reply(200, b"{}"))
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 503
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 200
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 429


def test_reset_forgets_requests_injections_and_the_window() -> None:
    with ScbImitation(max_calls=1, time_window=60) as server:
        server.inject("/data", Reply(503))
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).status_code == 429
        server.reset()
        assert server.requests == [] and server.pending_injections() == 0
        assert requests.get(f"{server.url}/config", timeout=TIMEOUT).ok


def test_injected_dropped_connection_and_delay() -> None:
    with KoladaImitation(max_calls=None) as server:
        server.inject("/kpi/N01951", Reply(0), Reply(200, b"{}", delay=0.5))
        with pytest.raises(requests.ConnectionError):
            requests.get(f"{server.url}/kpi/N01951", timeout=TIMEOUT)
        with pytest.raises(requests.Timeout):
            requests.get(f"{server.url}/kpi/N01951", timeout=0.1)
        assert requests.get(f"{server.url}/kpi/N01951", timeout=TIMEOUT).json()["count"] == 1
    assert [r.status for r in server.requests] == [0, 200, 200]


# ---- Kolada -------------------------------------------------------------------------------------


def kolada_ids_orebro() -> list[str]:
    return ["0018", *OREBRO[1:]]


@pytest.mark.parametrize("legacy", [False, True])
def test_kolada_paging_follows_next_links(legacy: bool) -> None:
    next_key, previous_key = (
        ("next_page", "previous_page") if legacy else ("next_url", "previous_url")
    )
    ids = ",".join(kolada_ids_orebro())
    with KoladaImitation(max_calls=None, legacy_paging=legacy) as server:
        url = f"{server.url}/data/kpi/N31807,N01951/municipality/{ids}/year/2022,2023?per_page=10"
        pages = []
        while url:
            page = requests.get(url, timeout=TIMEOUT).json()
            assert set(page) == {"count", "values", next_key, previous_key}
            pages.append(page)
            url = page[next_key]
        whole = requests.get(
            f"{server.url}/data/kpi/N31807,N01951/municipality/{ids}/year/2022,2023",
            timeout=TIMEOUT,
        ).json()
    assert [p["count"] for p in pages] == [10, 10, 10, 10, 10, 2]
    assert pages[0][previous_key] is None
    assert pages[1][previous_key].endswith("page=1&per_page=10")
    assert pages[0][next_key].startswith(server.url + "/data/kpi/")
    items = [item for p in pages for item in p["values"]]
    assert items == whole["values"]
    assert whole["count"] == 52 and whole[next_key] is None
    keys = [(i["kpi"], i["municipality"], i["period"]) for i in items]
    assert keys == sorted(keys)
    assert len(set(keys)) == 52
    first = items[0]
    assert list(first) == ["kpi", "municipality", "period", "values"]
    assert [v["gender"] for v in first["values"]] == ["T", "K", "M"]
    assert list(first["values"][0]) == ["gender", "count", "status", "value"]


def test_kolada_item_values(kolada: KoladaImitation) -> None:
    url = f"{kolada.url}/data/kpi/N01951,N31807/municipality/1880,0018,0000/year/2023"
    items = requests.get(url, timeout=TIMEOUT).json()["values"]
    by_key = {(i["kpi"], i["municipality"]): i["values"] for i in items}
    assert by_key["N01951", "1880"][0] == {"gender": "T", "count": 1, "status": "", "value": 159348}
    assert by_key["N01951", "0018"][0]["value"] == 308116
    assert by_key["N01951", "0000"][0]["value"] == scb_data.population("TAB638", "00", 2023)
    rate = by_key["N31807", "1880"]
    assert all(2 <= v["value"] <= 10 and round(v["value"], 1) == v["value"] for v in rate)
    assert len({v["value"] for v in rate}) > 1  # K and M differ from T
    assert by_key["N31807", "0018"][0]["count"] == 12


def test_kolada_all_ids_path_and_the_25_entry_limit(kolada: KoladaImitation) -> None:
    everything = requests.get(f"{kolada.url}/data/kpi/N03926/year/2024", timeout=TIMEOUT).json()
    assert everything["count"] == 312
    assert everything["values"][0]["municipality"] == "0000"
    ids = [m.code for m in geography.municipalities()][:26]
    too_many = requests.get(
        f"{kolada.url}/data/kpi/N03926/municipality/{','.join(ids)}/year/2024", timeout=TIMEOUT
    )
    assert too_many.status_code == 400
    assert "error" in too_many.json()
    years = ",".join(str(y) for y in range(1990, 2016))
    assert (
        requests.get(
            f"{kolada.url}/data/kpi/N03926/municipality/1880/year/{years}", timeout=TIMEOUT
        ).status_code
        == 400
    )
    ok = requests.get(
        f"{kolada.url}/data/kpi/N03926/municipality/{','.join(ids[:25])}/year/2024", timeout=TIMEOUT
    )
    assert ok.status_code == 200 and ok.json()["count"] == 25


def test_kolada_paging_parameters_are_checked(kolada: KoladaImitation) -> None:
    url = f"{kolada.url}/data/kpi/N03926/year/2024"
    assert requests.get(url + "?per_page=5000", timeout=TIMEOUT).json()["count"] == 312
    assert requests.get(url + "?per_page=5001", timeout=TIMEOUT).status_code == 400
    assert requests.get(url + "?page=0", timeout=TIMEOUT).status_code == 400
    beyond = requests.get(url + "?page=3&per_page=200", timeout=TIMEOUT).json()
    assert beyond["count"] == 0 and beyond["next_url"] is None
    with KoladaImitation(max_calls=None, per_page_default=100) as small:
        first = requests.get(f"{small.url}/data/kpi/N03926/year/2024", timeout=TIMEOUT).json()
    assert first["count"] == 100
    assert first["next_url"].endswith("page=2&per_page=100")


def test_kolada_missing_and_absent_values(kolada: KoladaImitation) -> None:
    def fetch(kpi: str, ids: str, years: str) -> list[dict[str, Any]]:
        url = f"{kolada.url}/data/kpi/{kpi}/municipality/{ids}/year/{years}"
        response = requests.get(url, timeout=TIMEOUT)
        assert response.status_code == 200
        return response.json()["values"]

    missing_year = fetch("N03937", "1880,0018,0000", "2025")
    assert len(missing_year) == 3
    for item in missing_year:
        assert all(v["status"] == "Missing" and v["value"] is None for v in item["values"])
    single = fetch("N31807", "1864,1880", "2016")
    assert [i["municipality"] for i in single] == ["1864", "1880"]
    assert all(v["status"] == "Missing" and v["value"] is None for v in single[0]["values"])
    assert all(v["status"] == "" and v["value"] is not None for v in single[1]["values"])
    assert fetch("N00914", "1880", "2025") == []
    assert [i["period"] for i in fetch("N00914", "1880", "2024,2025")] == [2024]
    assert fetch("N99999", "1880", "2024") == []  # unknown KPI: 200, no values
    assert fetch("N03926", "9999", "2024") == []
    assert kolada_data.kpi_value("N03937", "1880", 2025, "T") is None
    assert kolada_data.kpi_value("N31807", "1864", 2016, "K") is None
    assert kolada_data.kpi_value("N00914", "1880", 2025, "T") is None


def test_kolada_value_ranges() -> None:
    ranges = {"N03926": (1, 8), "N03937": (2, 12), "N31807": (2, 10), "N00914": (65, 88)}
    for kpi, (low, high) in ranges.items():
        for m in geography.municipalities():
            for year in (2010, 2017, 2024):
                values = [kolada_data.kpi_value(kpi, m.code, year, g) for g in "TKM"]
                assert all(low <= v <= high for v in values), (kpi, m.code, year, values)
    assert kolada_data.kpi_value("N01951", "1880", 2024, "T") == 160140
    assert kolada_data.kpi_value("N01951", "0018", 2025, "T") == scb_data.population(
        "TAB5557", "18", 2025
    )


def test_kolada_rate_limit() -> None:
    with KoladaImitation(max_calls=5, time_window=1.0) as server:
        url = f"{server.url}/data/kpi/N01951/municipality/1880/year/2024"
        statuses = [requests.get(url, timeout=TIMEOUT).status_code for _ in range(6)]
        assert statuses == [200] * 5 + [429]
        limited = requests.get(url, timeout=TIMEOUT)
    assert limited.status_code == 429
    assert limited.headers["Retry-After"] == "1"
    assert len(server.data_requests()) == 7


def test_kolada_kpi_metadata(kolada: KoladaImitation) -> None:
    document = requests.get(f"{kolada.url}/kpi/N01951", timeout=TIMEOUT).json()
    assert document["count"] == 1
    kpi = document["values"][0]
    assert kpi["id"] == "N01951"
    assert kpi["title"] == "Invånare totalt, antal"
    assert set(kpi) >= {"id", "title", "description", "operating_area", "has_ou_data"}
    assert requests.get(f"{kolada.url}/kpi/N00000", timeout=TIMEOUT).json()["count"] == 0
    regions = requests.get(f"{kolada.url}/municipality/0018,1880", timeout=TIMEOUT).json()
    assert [(r["id"], r["type"]) for r in regions["values"]] == [("0018", "L"), ("1880", "K")]


# ---- running it --------------------------------------------------------------------------------


def test_module_serves_both_until_interrupted() -> None:
    process = subprocess.Popen(
        [sys.executable, "-m", "tests.imitation", "--scb-port", "0", "--kolada-port", "0"],
        cwd=PROJECT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        urls = {}
        while len(urls) < 2:
            line = process.stdout.readline()
            assert line, process.stderr.read()
            name, _, url = line.partition(":")
            if url.strip().startswith("http"):
                urls[name.split()[0]] = url.strip()
        assert urls["SCB"].endswith("/api/v2") and urls["Kolada"].endswith("/v3")
        assert requests.get(f"{urls['SCB']}/config", timeout=TIMEOUT).ok
        assert requests.get(f"{urls['Kolada']}/kpi/N01951", timeout=TIMEOUT).ok
        process.send_signal(signal.SIGINT)
        assert process.wait(timeout=10) == 0
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
