import json

import pytest

from asfetl.errors import AsfetlError
from asfetl.settings import load_settings
from asfetl.sources import scb
from tests.http_server import LocalServer, Reply

# SCB's published population 31 December (from the project's domain reference);
# Lekeberg 2024 is the county total minus the other eleven.
PUBLISHED = {
    "18": (308116, 308375), "1814": (8606, 8606), "1860": (5497, 5423), "1861": (16232, 16120),
    "1862": (9357, 9278), "1863": (6495, 6321), "1864": (4407, 4369), "1880": (159348, 160140),
    "1881": (22516, 22681), "1882": (11478, 11477), "1883": (30261, 30180),
    "1884": (10627, 10639), "1885": (23292, 23141),
}  # fmt: skip


def test_sample_payload_parses_to_real_2023_and_2024_figures():
    payload = scb.fetch_population(load_settings(), sample=True)
    assert payload.is_sample and payload.source == "scb" and payload.dataset == "population"
    frame = scb.parse_population(payload, first_year=2015)
    assert len(frame) == 13 * 10  # county + 12 municipalities, 2015–2024
    assert set(frame["table_id"]) == {"TAB638"} and set(frame["contents_code"]) == {"BE0101N1"}
    values = {(r.region_code, r.year): r.value for r in frame.itertuples()}
    for code, (y2023, y2024) in PUBLISHED.items():
        assert values[(code, 2023)] == y2023
        assert values[(code, 2024)] == y2024


def test_sample_payload_says_it_is_sample_data():
    doc = scb.fetch_population(load_settings(), sample=True).json()
    assert "SAMPLE DATA" in doc["note"][0] and "SYNTHETIC" in doc["note"][0]


def test_first_year_limits_the_years_kept():
    payload = scb.fetch_population(load_settings(), sample=True)
    frame = scb.parse_population(payload, first_year=2022)
    assert sorted(set(frame["year"])) == [2022, 2023, 2024]


def test_sample_is_only_for_orebro_lan():
    with pytest.raises(AsfetlError, match="sample data covers Örebro län"):
        scb.fetch_population(load_settings(region="03"), sample=True)


def test_live_fetch_posts_an_explicit_selection_to_the_real_url_shape():
    sample = scb.fetch_population(load_settings(), sample=True).content
    with LocalServer() as server:
        server.routes["/api/v2/tables/TAB638/data"] = Reply(200, sample)
        settings = load_settings(scb_base_url=f"{server.url}/api/v2", first_year=2016)
        payload = scb.fetch_population(settings, sample=False)
    assert payload.content == sample and not payload.is_sample
    (request,) = server.seen
    assert request.method == "POST"
    assert request.path == "/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2"
    selection = {s["variableCode"]: s["valueCodes"] for s in json.loads(request.body)["selection"]}
    assert selection == {
        "Region": sorted(PUBLISHED),  # the county (18) first, then its municipalities
        "ContentsCode": ["BE0101N1"],
        "Tid": ["from(2016)"],
    }


def test_live_fetch_failure_names_the_table_and_the_setting():
    with LocalServer() as server:  # no routes: SCB's 404 "Non-existent table"
        settings = load_settings(scb_base_url=f"{server.url}/api/v2")
        with pytest.raises(AsfetlError) as caught:
            scb.fetch_population(settings, sample=False)
    assert "TAB638" in str(caught.value) and "ASFETL_SCB_BASE_URL" in str(caught.value)
