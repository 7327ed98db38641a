"""The Kolada client against a faithful local imitation of Kolada v3 (real HTTP on 127.0.0.1)."""

import json
import time

import pandas as pd

from asfetl import geography
from asfetl.settings import load_settings
from asfetl.sources import kolada
from tests.imitation import KoladaImitation
from tests.imitation.kolada_data import kpi_value


def fetch(server: KoladaImitation, **overrides):
    settings = load_settings(kolada_base_url=server.url, http_give_up_after=30, **overrides)
    payloads = kolada.fetch_kpi_values(settings, sample=False)
    frame = pd.concat([kolada.parse_kpi_values(p, settings.first_year) for p in payloads])
    return payloads, frame


def test_county_is_one_call_with_values_genders_and_missing_kept():
    with KoladaImitation() as server:
        payloads, frame = fetch(server)
    # 18 KPIs × 14 areas (Sweden beside the county) × 12 years: 2,535 items, one page of 5,000
    (call,) = server.requests
    kpis = ",".join(sorted(kolada.kpi_indicators()))
    assert call.path.startswith(f"/v3/data/kpi/{kpis}/municipality/0018,1814")
    assert ",1885,0000/year/" in call.path
    assert call.query == {"per_page": ["5000"]}
    assert len(payloads) == 1
    assert set(frame.gender) == {"T", "K", "M"} and set(frame.area_code) >= {"18", "1880"}
    row = frame[(frame.kpi == "N03926") & (frame.area_code == "1880") & (frame.year == 2023)]
    by_gender = dict(zip(row.gender, row.value, strict=True))
    assert by_gender == {g: kpi_value("N03926", "1880", 2023, g) for g in "TKM"}
    row = frame[(frame.kpi == "N31807") & (frame.area_code == "1880") & (frame.year == 2023)]
    assert list(row.gender) == ["T"]  # Kolada does not divide N31807 by gender
    county = frame[
        (frame.kpi == "N03926") & (frame.municipality_id == "0018") & (frame.year == 2020)
    ]
    assert county[county.gender == "T"].value.item() == kpi_value("N03926", "0018", 2020, "T")
    missing = frame[(frame.kpi == "N03937") & (frame.year == 2025)]
    assert len(missing) == 14 * 3 and missing.value.isna().all()
    assert set(missing.status) == {"Missing"}
    assert frame[(frame.kpi == "N02267") & (frame.year == 2025)].empty  # not published: absent
    assert frame[(frame.kpi == "N02797") & (frame.year == 2025)].empty  # two years late
    # a K KPI has no county row, an L KPI nothing but the county's; each has Sweden's (Riket)
    areas = frame.groupby("kpi").area_code.agg(set)
    municipalities = {m.code for m in geography.municipalities("18")}
    for kpi in ("N31816", "N31858", "N01703", "N01702", "N40011", "N40013"):
        assert areas[kpi] == municipalities | {"00"}, kpi
    assert areas["N60092"] == {"18", "00"} and areas["N03947"] == municipalities | {"18", "00"}
    assert len(frame) == len(
        set(zip(frame.kpi, frame.area_code, frame.year, frame.gender, strict=True))
    )
    # 16 KPIs 2015–2025, N02267 and N02797 to 2024: 196 items of Sweden; 11 divided by gender
    sweden = frame[frame.municipality_id == "0000"]
    assert len(sweden.groupby(["kpi", "year"])) == 16 * 11 + 2 * 10
    row = sweden[(sweden.kpi == "N03926") & (sweden.year == 2024)]
    assert dict(zip(row.gender, row.value, strict=True)) == {
        g: kpi_value("N03926", "0000", 2024, g) for g in "TKM"
    }


def test_whole_country_takes_the_minimum_13_calls_within_5_per_second():
    with KoladaImitation() as server:
        started = time.monotonic()
        payloads, frame = fetch(server, region="00")
        elapsed = time.monotonic() - started
    # The minimum: 312 ids (Riket, 21 regions, 290 municipalities) in lists of at most 25 need
    # ceil(312 / 25) = 13 URLs; the 18 KPIs and the years 2015–2026 fit one list each. The
    # fullest URL (25 municipalities) holds 25 × (10 A + 7 K KPIs) × 11 years with data
    # − 25 × 2 KPI-years not out (N02267 and N02797 2025) = 4,625 items, under Kolada's 5,000 a
    # page: one page each, 13 calls. (A 19th KPI of type A or K would make it 4,900; a 20th
    # pushes it past 5,000 and a second page per URL.)
    assert len(server.requests) == 13
    assert all(r.status == 200 for r in server.requests)
    largest = max(len(json.loads(p.content)["values"]) for p in payloads)
    assert largest == 25 * 17 * 11 - 25 * 2 == 4625
    stamps = [r.at for r in server.requests]
    assert all(stamps[i + 5] - stamps[i] >= 0.99 for i in range(len(stamps) - 5))
    assert elapsed >= 2.0
    assert frame.area_code.nunique() == 312
    assert not frame.duplicated(["kpi", "municipality_id", "period", "gender"]).any()
