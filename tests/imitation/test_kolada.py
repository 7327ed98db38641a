"""The Kolada imitation pages, limits and values its data like Kolada v3."""

from typing import Any

import pytest
import requests

from asfetl import geography
from tests.imitation import KoladaImitation, kolada_data
from tests.imitation import scb as scb_data
from tests.imitation.probe import OREBRO, TIMEOUT


@pytest.fixture
def kolada() -> KoladaImitation:
    with KoladaImitation(max_calls=None) as server:
        yield server


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
    assert [v["gender"] for v in rate] == ["T"]  # the catalogue: N31807 is not split by gender
    split = by_key["N01951", "1880"]
    assert [v["gender"] for v in split] == ["T", "K", "M"]
    assert len({v["value"] for v in split}) > 1  # K and M differ from T
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
    assert fetch("N02267", "1880", "2025") == []
    assert [i["period"] for i in fetch("N02267", "1880", "2024,2025")] == [2024]
    assert fetch("N99999", "1880", "2024") == []  # unknown KPI: 200, no values
    assert fetch("N00914", "1880", "2021") == []  # ended, gone from the v3 catalogue
    assert fetch("N03926", "9999", "2024") == []
    assert kolada_data.kpi_value("N03937", "1880", 2025, "T") is None
    assert kolada_data.kpi_value("N31807", "1864", 2016, "K") is None
    assert kolada_data.kpi_value("N02267", "1880", 2025, "T") is None


def test_kolada_value_ranges() -> None:
    ranges = {"N03926": (1, 8), "N03937": (2, 12), "N31807": (2, 10), "N02267": (65, 88)}
    for kpi, (low, high) in ranges.items():
        for m in geography.municipalities():
            for year in (2010, 2017, 2024):
                genders = kolada_data.genders(kpi)
                values = [kolada_data.kpi_value(kpi, m.code, year, g) for g in genders]
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


def test_kolada_calendar_speaks_as_kolada_does(kolada: KoladaImitation) -> None:
    """publ_period is the period the NEXT publication delivers (as in the recorded catalogue):
    the year after the last one served here, on a publication_date still to come."""
    from datetime import date

    ids = "N02267,N03926,N31807"
    documents = requests.get(f"{kolada.url}/kpi/{ids}", timeout=TIMEOUT).json()["values"]
    calendar = {d["id"]: (d["publ_period"], d["publication_date"]) for d in documents}
    for kpi, (period, day) in calendar.items():
        served = max(y for y in kolada_data.YEARS if kolada_data.has_data(kpi, "1880", y))
        assert int(period) == served + 1, kpi
        assert date.fromisoformat(day) > date.today(), kpi
    # N02267's 2025 is not served yet (ABSENT): its next publication delivers 2025
    assert calendar["N02267"][0] == "2025" and calendar["N03926"][0] == "2026"
    # the day of the year is the recorded catalogue's (N31807: 10 June)
    assert calendar["N31807"][1][5:] == "06-10"


# The target-group KPIs of issue 26 with their recorded type: A all, K municipalities, L regions.
NEW_KPIS = {
    "N03947": "A", "N03951": "A", "N03952": "A", "N03945": "A", "N02797": "A", "N31816": "K",
    "N31858": "K", "N00957": "A", "N01703": "K", "N01702": "K", "N02268": "A", "N40011": "K",
    "N40013": "K", "N60092": "L",
}  # fmt: skip


def test_kolada_serves_the_new_kpis_as_the_catalogue_records_them(kolada: KoladaImitation) -> None:
    """Title, description, type, sex split and calendar as recorded; data only where the type
    allows: a K KPI has no region (county) item, an L KPI no municipality item."""
    from datetime import date

    recorded = kolada_data.catalogue()
    url = f"{kolada.url}/kpi/{','.join(NEW_KPIS)}"
    documents = {d["id"]: d for d in requests.get(url, timeout=TIMEOUT).json()["values"]}
    assert set(documents) == set(NEW_KPIS)
    for kpi, kind in NEW_KPIS.items():
        document, row = documents[kpi], recorded[kpi]
        assert (document["title"], document["description"]) == (row["title"], row["description"])
        assert document["municipality_type"] == row["municipality_type"] == kind
        assert document["is_divided_by_gender"] == (row["is_divided_by_gender"] == "True")
        served = [y for y in kolada_data.YEARS if kolada_data.has_data(kpi, "0000", y)]
        assert int(document["publ_period"]) == max(served) + 1, kpi
        assert document["publication_date"][5:] == row["publication_date"][5:10], kpi
        assert date.fromisoformat(document["publication_date"]) > date.today(), kpi
    # N02797 comes two years late: 2024 is the newest out, 2025 the next publication's
    assert documents["N02797"]["publ_period"] == "2025"

    items = requests.get(
        f"{kolada.url}/data/kpi/{','.join(NEW_KPIS)}/municipality/0000,0018,1881/year/2024",
        timeout=TIMEOUT,
    ).json()["values"]
    areas = {kpi: [] for kpi in NEW_KPIS}
    for item in items:
        areas[item["kpi"]].append(item["municipality"])
        genders = [v["gender"] for v in item["values"]]
        split = recorded[item["kpi"]]["is_divided_by_gender"] == "True"
        assert genders == (["T", "K", "M"] if split else ["T"]), item["kpi"]
    expected = {"A": ["0000", "0018", "1881"], "K": ["0000", "1881"], "L": ["0000", "0018"]}
    assert areas == {kpi: expected[kind] for kpi, kind in NEW_KPIS.items()}


def test_kolada_county_and_riket_come_from_their_parts() -> None:
    """An A KPI's county is the population-weighted mean of its municipalities (so it lies
    between their extremes); a count's Riket is the sum; an L KPI's Riket weighs the regions."""
    municipalities = [m.code for m in geography.municipalities("18")]
    population = {m: scb_data.population("TAB638", m, 2023) for m in municipalities}
    rates = {m: kolada_data._municipality_rate("N03951", m, 2023, "T") for m in municipalities}
    weighted = sum(population[m] * rates[m] for m in municipalities) / sum(population.values())
    county = kolada_data.kpi_value("N03951", "0018", 2023, "T")
    assert county == round(weighted, 1)
    shown = [kolada_data.kpi_value("N03951", m, 2023, "T") for m in municipalities]
    assert min(shown) <= county <= max(shown)
    counts = [
        kolada_data.kpi_value("N01703", m.code, 2023, "T") for m in geography.municipalities()
    ]
    assert kolada_data.kpi_value("N01703", "0000", 2023, "T") == sum(counts)
    assert all(c == round(c) for c in counts)
    assert kolada_data.kpi_value("N01703", "0018", 2023, "T") is None  # K: no region value
    assert kolada_data.kpi_value("N60092", "1881", 2023, "T") is None  # L: no municipality
    assert kolada_data.kpi_value("N40011", "1881", 2023, "T") % 1 == 0  # whole kronor


def test_kolada_municipality_list_has_riket_as_recorded(kolada: KoladaImitation) -> None:
    """`GET /municipality` answers Riket as Kolada's recorded list does (tests/fixtures/kolada/
    municipality_ids.csv): 0000, "Riket", type L, first; the same 312 ids in all."""
    import csv
    from pathlib import Path

    recording = Path(__file__).parents[1] / "fixtures" / "kolada" / "municipality_ids.csv"
    with recording.open(encoding="utf-8") as f:
        recorded = list(csv.DictReader(f))
    served = requests.get(f"{kolada.url}/municipality", timeout=TIMEOUT).json()["values"]
    assert served[0] == recorded[0] == {"id": "0000", "title": "Riket", "type": "L"}
    assert [d["id"] for d in served] == [r["id"] for r in recorded]
    assert {d["id"]: d["type"] for d in served} == {r["id"]: r["type"] for r in recorded}
