"""Kolada KPI values: the shipped sample, URL chunking, paging and parsing."""

import json
from datetime import date

import pandas as pd

from asfetl import geography
from asfetl.settings import load_settings
from asfetl.sources import kolada
from tests.http_server import LocalServer, Reply


def test_kpis_are_configured_in_one_place():
    assert kolada.kpi_indicators() == {
        "N03926": "long_term_unemployment_25_64",
        "N03937": "unemployment_18_65",
        "N31807": "economic_assistance_share",
        "N02267": "employment_rate_20_64",
        # the target groups (issue 26)
        "N03947": "programme_activity_support_18_65",
        "N03951": "long_term_unemployment_18_24",
        "N03952": "long_term_unemployment_18_65",
        "N03945": "long_term_unemployment_labour_force_25_65",
        "N02797": "neet_16_24",
        "N31816": "long_term_economic_assistance_adults",
        "N31858": "economic_assistance_unemployed_share",
        "N00957": "ill_health_days",
        "N01703": "sickness_compensation_fte",
        "N01702": "activity_compensation_fte",
        "N02268": "employment_rate_foreign_born_20_64",
        "N40011": "labour_market_measures_net_cost_per_inhabitant",
        "N40013": "labour_market_measures_purchased_share",
        "N60092": "region_purchases_from_nonprofits_share",
    }


def test_kolada_ids_round_trip_for_every_area():
    assert kolada.kolada_id("00") == "0000" and kolada.kolada_id("18") == "0018"
    assert kolada.kolada_id("1880") == "1880"
    for code in geography.all_areas():
        assert kolada.area_code_of(kolada.kolada_id(code)) == code


def test_one_url_covers_a_county_and_lists_never_exceed_25():
    (url,) = kolada.data_urls(load_settings(first_year=2015))
    kpis = "N00957,N01702,N01703,N02267,N02268,N02797,N03926,N03937,N03945,N03947,N03951,N03952,"
    kpis += "N31807,N31816,N31858,N40011,N40013,N60092"  # 18 KPIs: one list of at most 25
    assert f"/data/kpi/{kpis}/municipality/0018,1814," in url
    # Sweden (0000) as the county's benchmark, in the same list: 14 ids, still one URL
    assert ",1885,0000/year/" in url
    assert url.endswith("?per_page=5000")
    # Västra Götaland: 1 + 49 municipalities = 50 ids made 2 lists; Sweden makes it 51 and 3
    assert len(kolada.data_urls(load_settings(region="14", first_year=2015))) == 3
    assert len(kolada.data_urls(load_settings(region="12", first_year=2015))) == 2  # 35 ids
    urls = kolada.data_urls(load_settings(region="00", first_year=2015))
    assert len(urls) == 13  # 312 ids in lists of 25; 18 KPIs and ≤ 25 years fit one list each
    for url in urls:
        path = url.split("/data/")[1].split("?")[0].split("/")
        assert all(len(path[i].split(",")) <= 25 for i in (1, 3, 5))
    ids = [i for url in urls for i in url.split("/municipality/")[1].split("/")[0].split(",")]
    assert len(ids) == len(set(ids)) == 312


def test_sample_parses_with_missing_kept_as_null():
    (payload,) = kolada.fetch_kpi_values(load_settings(), sample=True)
    assert payload.is_sample and payload.request_key == "kolada/18/sample/page-1"
    frame = kolada.parse_kpi_values(payload, first_year=2015)
    assert set(frame["gender"]) == {"T", "K", "M"}
    municipalities = [m.code for m in geography.municipalities("18")]
    assert set(frame["area_code"]) == {"00", "18", *municipalities}  # Sweden beside the county
    missing = frame[frame["status"] == "Missing"]
    # N03937 2025 for 14 areas (Sweden, the county, 12 municipalities) × 3 genders; N31807
    # (total only) for Ljusnarsberg 2016
    assert missing["value"].isna().all() and len(missing) == 14 * 3 + 1
    assert not frame.loc[frame["status"] == "", "value"].isna().any()
    n03937_2025 = frame[(frame["kpi"] == "N03937") & (frame["year"] == 2025)]
    assert n03937_2025["value"].isna().all()  # never 0
    assert len(frame[(frame["kpi"] == "N02267") & (frame["year"] == 2025)]) == 0


def test_the_sample_is_true_to_each_kpis_type_and_its_county_lies_within_its_municipalities():
    """Issue 26: the sample's county share of an A KPI lies between its municipalities' extremes
    (the sample used to give a county economic-assistance share below all twelve); a K KPI has
    no county row, an L KPI only the county's; each divided by gender as Kolada divides it; and
    the payload still says it is sample data."""
    from tests.imitation.kolada_data import catalogue

    (payload,) = kolada.fetch_kpi_values(load_settings(), sample=True)
    assert "SAMPLE DATA" in payload.json()["asfetl_note"]
    frame = kolada.parse_kpi_values(payload, first_year=2015)
    recorded = catalogue()
    municipalities = {m.code for m in geography.municipalities("18")}
    for kpi, rows in frame.groupby("kpi"):
        kind = recorded[kpi]["municipality_type"]
        # Sweden (00) for every type, as the Kolada imitation serves Riket (0000)
        expected = {"A": municipalities | {"18"}, "K": municipalities, "L": {"18"}}[kind] | {"00"}
        assert set(rows.area_code) == expected, kpi
        split = recorded[kpi]["is_divided_by_gender"] == "True"
        assert set(rows.gender) == ({"T", "K", "M"} if split else {"T"}), kpi
        if kind != "A":
            continue
        for (year, gender), cell in rows.groupby(["year", "gender"]):
            county = cell.loc[cell.area_code == "18", "value"].item()
            parts = cell.loc[~cell.area_code.isin(["18", "00"]), "value"].dropna()
            if pd.notna(county):
                assert parts.min() <= county <= parts.max(), (kpi, year, gender)
    assistance = frame[(frame.kpi == "N31807") & (frame.year == 2024) & (frame.gender == "T")]
    county = assistance.loc[assistance.area_code == "18", "value"].item()
    assert county > assistance.loc[assistance.area_code.isin(municipalities), "value"].min()


YEARS_FROM_2024 = ",".join(str(y) for y in range(2024, date.today().year + 1))


def item(kpi: str, area: str, period, value) -> dict:
    status = "Missing" if value is None else ""
    return {
        "kpi": kpi,
        "municipality": area,
        "period": period,
        "values": [{"gender": "T", "count": 1, "status": status, "value": value}],
    }


def test_pages_are_followed_by_next_url_or_legacy_next_page():
    with LocalServer() as server:
        base = f"{server.url}/v3"
        municipalities = ",".join(m.code for m in geography.municipalities("18"))
        first = (
            f"/v3/data/kpi/{','.join(sorted(kolada.kpi_indicators()))}"
            f"/municipality/0018,{municipalities},0000/year/{YEARS_FROM_2024}"
        )
        server.routes[first] = Reply(
            200,
            json.dumps(
                {
                    "count": 1,
                    "values": [item("N31807", "1880", 2024, 5.1)],
                    "next_url": f"{base}/p2",
                }
            ).encode(),
        )
        server.routes["/v3/p2"] = Reply(
            200,
            json.dumps(
                {
                    "count": 1,
                    "values": [item("N31807", "1881", "2024", None)],
                    "next_page": "/v3/p3",
                }
            ).encode(),
        )
        server.routes["/v3/p3"] = Reply(
            200, json.dumps({"count": 0, "values": [], "next_url": None}).encode()
        )
        settings = load_settings(kolada_base_url=base, first_year=2024)
        payloads = kolada.fetch_kpi_values(settings, sample=False)
    assert [p.request_key.rsplit("/", 1)[1] for p in payloads] == ["page-1", "page-2", "page-3"]
    assert [s.path.split("?")[0] for s in server.seen] == [first, "/v3/p2", "/v3/p3"]
    frame = pd.concat([kolada.parse_kpi_values(p, 2015) for p in payloads])
    assert list(frame["area_code"]) == ["1880", "1881"]
    assert list(frame["year"]) == [2024, 2024]  # period coerced from "2024" too
    assert frame["value"].iloc[0] == 5.1 and pd.isna(frame["value"].iloc[1])
