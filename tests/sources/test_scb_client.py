"""The SCB client against a faithful local imitation of PxWebApi 2.0 (real HTTP on 127.0.0.1)."""

import time

import pandas as pd
import pytest

from asfetl.errors import AsfetlError
from asfetl.settings import load_settings
from asfetl.sources import scb
from tests.imitation import Reply, ScbImitation
from tests.imitation.scb import population

YEARS_638 = list(range(2015, 2025))


def fetch(server: ScbImitation, **overrides):
    settings = load_settings(scb_base_url=server.url, http_give_up_after=30, **overrides)
    payloads = scb.fetch_population(settings, sample=False)
    frame = pd.concat([scb.parse_population(p, settings.first_year) for p in payloads])
    return payloads, frame


def data_calls(server: ScbImitation):
    return [r for r in server.requests if r.path.endswith("/data")]


def totals(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per table, region and year: TAB5557's total by its code (TotSa); TAB638's men
    and women, which is how SCB's own total (Kon left out) comes about in that table."""
    own = frame[frame.sex_code == "TotSa"]
    old = frame[frame.table_id == "TAB638"].groupby(["table_id", "region_code", "year"])
    summed = old.agg(value=("value", lambda v: v.sum(min_count=2)), status=("status", "max"))
    return pd.concat([own, summed.reset_index()], ignore_index=True)


def test_county_population_is_one_data_call_per_table_and_keeps_nulls():
    with ScbImitation() as server:
        payloads, frame = fetch(server)
    paths = [r.path.removeprefix("/api/v2") for r in server.requests]
    assert paths == [
        "/config",
        "/tables/TAB638/metadata",
        "/tables/TAB638/data",
        "/tables/TAB5557/metadata",
        "/tables/TAB5557/data",
    ]
    assert all(r.status == 200 for r in server.requests)
    # 14 areas: the county, its 12 municipalities and Sweden (00) as their benchmark; by sex:
    # TAB638 men and women (no code for both), TAB5557 men, women and TotSa, in the same calls
    assert len(payloads) == 2 and len(frame) == 14 * 10 * 2 + 14 * 3
    values = {(r.region_code, r.year): (r.value, r.status) for r in totals(frame).itertuples()}
    assert values[("18", 2023)] == (308116, "")
    assert values[("1880", 2024)] == (160140, "")
    assert pd.isna(values[("1864", 2016)][0]) and values[("1864", 2016)][1] == ".."  # never 0
    assert values[("18", 2025)] == (population("TAB5557", "18", 2025), "")
    assert values[("00", 2024)] == (population("TAB638", "00", 2024), "")  # Riket, as SCB has it
    sexes = {(r.region_code, r.year, r.sex_code): r.value for r in frame.itertuples()}
    for region, year in (("00", 2024), ("18", 2023), ("1881", 2025)):
        table = "TAB638" if year <= 2024 else "TAB5557"
        assert sexes[(region, year, "2")] == population(table, region, year, "2")
        assert sexes[(region, year, "1")] == population(table, region, year, "1")
    assert {t: set(frame[frame.table_id == t].contents_code) for t in ("TAB638", "TAB5557")} == {
        "TAB638": {"BE0101N1"},
        "TAB5557": {"000007ME"},
    }


def test_every_required_variable_is_selected_explicitly_with_totals_by_code():
    with ScbImitation() as server:
        fetch(server)
    tab638, tab5557 = data_calls(server)
    selected_638 = {
        k: v[0].split(",") for k, v in tab638.query.items() if k.startswith("valueCodes")
    }
    assert selected_638 == {
        "valueCodes[Region]": ["18", "1814", "1860", "1861", "1862", "1863", "1864", "1880",
                               "1881", "1882", "1883", "1884", "1885", "00"],
        "valueCodes[Alder]": ["tot"],
        "valueCodes[Kon]": ["1", "2"],  # men and women: TAB638 has no code for both
        "valueCodes[ContentsCode]": ["BE0101N1"],
        "valueCodes[Tid]": [str(y) for y in YEARS_638],
    }  # fmt: skip
    selected_5557 = {k: v[0] for k, v in tab5557.query.items() if k.startswith("valueCodes")}
    assert {k: selected_5557[k] for k in ("valueCodes[Civilstand]", "valueCodes[Alder]",
                                          "valueCodes[Kon]", "valueCodes[Tid]")} == {
        "valueCodes[Civilstand]": "SC",
        "valueCodes[Alder]": "TotSA",
        "valueCodes[Kon]": "1,2,TotSa",  # men, women and both, by its code
        "valueCodes[Tid]": "2025",
    }  # fmt: skip


def test_whole_country_is_still_one_call_per_table_and_long_selections_are_posted():
    with ScbImitation() as server:
        _, frame = fetch(server, region="00")
    calls = data_calls(server)
    assert len(calls) == 2
    assert {r.method for r in calls} <= {"GET", "POST"}
    assert all(
        len(r.path) + sum(len(k) + len(v[0]) for k, v in r.query.items()) < 2100 for r in calls
    )
    assert frame.region_code.nunique() == 312 and len(frame) == 312 * (10 * 2 + 3)
    whole = totals(frame)
    assert whole.loc[
        (whole.region_code == "00") & (whole.year == 2020), "value"
    ].item() == population("TAB638", "00", 2020)


def test_the_cell_limit_from_config_splits_into_the_fewest_calls():
    with ScbImitation(max_cells=1000) as server:
        _, frame = fetch(server, region="00")
    calls = data_calls(server)
    # TAB638: 312 regions × 2 sexes × 10 years = 6,240 cells → 7 calls (50 regions each);
    # TAB5557: 312 regions × 3 = 936 cells → 1
    assert [r.path.split("/")[-2] for r in calls] == ["TAB638"] * 7 + ["TAB5557"]
    assert all(r.status == 200 for r in server.requests)
    assert len(frame) == 312 * (10 * 2 + 3)
    assert not frame.duplicated(["table_id", "region_code", "sex_code", "tid"]).any()


def test_403_too_many_cells_splits_and_retries():
    with ScbImitation() as server:
        too_many = Reply(403, b'{"title":"Too many cells selected","status":403}')
        server.inject("/tables/TAB638/data", too_many)
        payloads, frame = fetch(server)
    tab638 = [r for r in data_calls(server) if "TAB638" in r.path]
    assert [r.status for r in tab638] == [403, 200, 200]
    assert len(payloads) == 3 and len(frame) == 14 * (10 * 2 + 3)


def test_400_too_many_cells_as_the_server_answers_splits_too():
    with ScbImitation() as server:
        problem = b'{"type":"about:blank","title":"Too many cells selected","status":400}'
        too_many = Reply(400, problem, {"Content-Type": "application/problem+json"})
        server.inject("/tables/TAB638/data", too_many)
        payloads, frame = fetch(server)
    tab638 = [r for r in data_calls(server) if "TAB638" in r.path]
    assert [r.status for r in tab638] == [400, 200, 200]
    assert len(payloads) == 3 and len(frame) == 14 * (10 * 2 + 3)


def test_the_rate_limit_from_config_is_kept_without_a_single_429():
    with ScbImitation(max_cells=100, max_calls=3, time_window=1) as server:
        started = time.monotonic()
        fetch(server)
        elapsed = time.monotonic() - started
    statuses = [r.status for r in server.requests]
    assert 429 not in statuses
    # config + 2 metadata + 3 + 1 data calls (TAB638: 14 areas × 2 sexes × 10 years = 280
    # cells → 3 parts of 5 areas; TAB5557: 14 × 3 = 42 cells → 1)
    calls = len(server.requests)
    assert calls == 7
    stamps = [r.at for r in server.requests]
    assert all(stamps[i + 3] - stamps[i] >= 0.99 for i in range(len(stamps) - 3))
    assert elapsed >= 0.99


def test_429_with_retry_after_and_503_are_retried():
    with ScbImitation() as server:
        server.inject(
            "/tables/TAB638/data",
            Reply(429, b'{"title":"Too Many Requests"}', {"Retry-After": "1"}),
            Reply(503, b'{"title":"Service Unavailable"}'),
        )
        started = time.monotonic()
        _, frame = fetch(server)
    tab638 = [r for r in data_calls(server) if "TAB638" in r.path]
    assert [r.status for r in tab638] == [429, 503, 200]
    assert tab638[1].at - tab638[0].at >= 1.0  # waited as Retry-After said
    assert time.monotonic() - started >= 1.0 and len(frame) == 14 * (10 * 2 + 3)


def test_a_400_is_not_retried_and_names_the_table():
    with ScbImitation() as server:
        bad = Reply(400, b'{"title":"Non-existent value","status":400,"detail":"Region"}')
        server.inject("/tables/TAB638/data", bad)
        with pytest.raises(AsfetlError) as caught:
            fetch(server)
    assert len([r for r in data_calls(server) if "TAB638" in r.path]) == 1
    message = str(caught.value)
    assert "SCB table TAB638 failed (HTTP 400 Non-existent value: Region)" in message
    assert "ASFETL_SCB_BASE_URL" in message


def test_first_year_after_2024_skips_tab638():
    with ScbImitation() as server:
        _, frame = fetch(server, first_year=2025)
    assert [r.path.split("/")[-2] for r in data_calls(server)] == ["TAB5557"]
    assert set(frame.year) == {2025}
