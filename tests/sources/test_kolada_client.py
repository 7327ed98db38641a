"""The Kolada client against a faithful local imitation of Kolada v3 (real HTTP on 127.0.0.1)."""

import time

import pandas as pd

from asfetl.settings import load_settings
from asfetl.sources import kolada
from tests.imitation import KoladaImitation
from tests.imitation.kolada import kpi_value


def fetch(server: KoladaImitation, **overrides):
    settings = load_settings(kolada_base_url=server.url, http_give_up_after=30, **overrides)
    payloads = kolada.fetch_kpi_values(settings, sample=False)
    frame = pd.concat([kolada.parse_kpi_values(p, settings.first_year) for p in payloads])
    return payloads, frame


def test_county_is_one_call_with_values_genders_and_missing_kept():
    with KoladaImitation() as server:
        payloads, frame = fetch(server)
    (call,) = server.requests
    assert call.path.startswith("/v3/data/kpi/N02267,N03926,N03937,N31807/municipality/0018,1814")
    assert call.query == {"per_page": ["5000"]}
    assert len(payloads) == 1
    assert set(frame.gender) == {"T", "K", "M"} and set(frame.area_code) >= {"18", "1880"}
    row = frame[(frame.kpi == "N31807") & (frame.area_code == "1880") & (frame.year == 2023)]
    by_gender = dict(zip(row.gender, row.value, strict=True))
    assert by_gender == {g: kpi_value("N31807", "1880", 2023, g) for g in "TKM"}
    county = frame[
        (frame.kpi == "N03926") & (frame.municipality_id == "0018") & (frame.year == 2020)
    ]
    assert county[county.gender == "T"].value.item() == kpi_value("N03926", "0018", 2020, "T")
    missing = frame[(frame.kpi == "N03937") & (frame.year == 2025)]
    assert len(missing) == 13 * 3 and missing.value.isna().all()
    assert set(missing.status) == {"Missing"}
    assert frame[(frame.kpi == "N02267") & (frame.year == 2025)].empty  # not published: absent


def test_whole_country_takes_the_minimum_13_calls_within_5_per_second():
    with KoladaImitation() as server:
        started = time.monotonic()
        _, frame = fetch(server, region="00")
        elapsed = time.monotonic() - started
    assert len(server.requests) == 13  # ceil(312 ids / 25); KPIs and years fit one list each
    assert all(r.status == 200 for r in server.requests)
    stamps = [r.at for r in server.requests]
    assert all(stamps[i + 5] - stamps[i] >= 0.99 for i in range(len(stamps) - 5))
    assert elapsed >= 2.0
    assert frame.area_code.nunique() == 312
    assert not frame.duplicated(["kpi", "municipality_id", "period", "gender"]).any()
