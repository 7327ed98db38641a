"""SCB population: the shipped sample, and the PxWebApi query rules (no network here)."""

import pytest

from asfetl.errors import AsfetlError
from asfetl.settings import load_settings
from asfetl.sources import scb
from asfetl.sources.scb.pxweb import MAX_GET_URL, Query, TableMeta, Variable, build_query, split

# SCB's published population 31 December (from the project's domain reference);
# Lekeberg 2024 is the county total minus the other eleven.
PUBLISHED = {
    "18": (308116, 308375), "1814": (8606, 8606), "1860": (5497, 5423), "1861": (16232, 16120),
    "1862": (9357, 9278), "1863": (6495, 6321), "1864": (4407, 4369), "1880": (159348, 160140),
    "1881": (22516, 22681), "1882": (11478, 11477), "1883": (30261, 30180),
    "1884": (10627, 10639), "1885": (23292, 23141),
    "00": (10551707, 10587710),  # Sweden, the county's benchmark (issue 26)
}  # fmt: skip
AREAS = 14  # Sweden, Örebro län and its 12 municipalities


def sample_frames(first_year: int = 2015):
    payloads = scb.fetch_population(load_settings(), sample=True)
    return payloads, [scb.parse_population(p, first_year) for p in payloads]


def test_sample_has_tab638_to_2024_and_tab5557_for_2025():
    payloads, (tab638, tab5557) = sample_frames()
    assert [p.request_key for p in payloads] == ["scb/TAB638/18/sample", "scb/TAB5557/18/sample"]
    assert all(p.is_sample and p.dataset == "population" for p in payloads)
    # TAB638 as asfetl asks for it: men (Kon 1) and women (2), the table has no code for both
    assert len(tab638) == AREAS * 2 * 10 and sorted(set(tab638["year"])) == list(range(2015, 2025))
    assert set(tab638["sex_code"]) == {"1", "2"}
    assert set(tab638["contents_code"]) == {"BE0101N1"} and set(tab638["table_id"]) == {"TAB638"}
    # TAB5557: men, women and their total by its code, TotSa
    assert len(tab5557) == AREAS * 3 and set(tab5557["year"]) == {2025}
    assert set(tab5557["sex_code"]) == {"1", "2", "TotSa"}
    assert set(tab5557["contents_code"]) == {"000007ME"} and set(tab5557["table_id"]) == {"TAB5557"}


def by_sex(frame) -> dict[tuple[str, int], dict[str, float]]:
    """(region, year) → {Kon code: value}."""
    found: dict[tuple[str, int], dict[str, float]] = {}
    for r in frame.itertuples():
        found.setdefault((r.region_code, r.year), {})[r.sex_code] = r.value
    return found


def test_sample_holds_the_real_2023_and_2024_figures():
    _, (tab638, _) = sample_frames()
    values = by_sex(tab638)
    for code, (y2023, y2024) in PUBLISHED.items():  # men + women: TAB638 has no total code
        assert values[(code, 2023)]["1"] + values[(code, 2023)]["2"] == y2023
        assert values[(code, 2024)]["1"] + values[(code, 2024)]["2"] == y2024


def test_sample_men_and_women_add_up_to_the_total_and_the_county_to_its_municipalities():
    """Every area and year: men + women = the total (TAB5557 states it as TotSa); to 2024 the
    county's women and men are the sums of its 12 municipalities' (Kumla 2024 by hand:
    11,499 men + 11,182 women = 22,681)."""
    _, (tab638, tab5557) = sample_frames()
    old, new = by_sex(tab638), by_sex(tab5557)
    assert old[("1881", 2024)] == {"1": 11499, "2": 11182}
    for (code, year), sexes in new.items():
        assert sexes["1"] + sexes["2"] == sexes["TotSa"], (code, year)
    municipalities = [c for c in PUBLISHED if c not in ("00", "18")]
    for year in range(2015, 2025):
        for sex in ("1", "2"):
            assert old[("18", year)][sex] == sum(old[(m, year)][sex] for m in municipalities)
        women = old[("00", year)]["2"] / (old[("00", year)]["1"] + old[("00", year)]["2"])
        assert 0.49 < women < 0.51  # Sweden's own split, not the county's made bigger


def test_sample_2025_is_cell_key_noisy_so_parts_do_not_sum_to_the_total():
    _, (_, tab5557) = sample_frames()
    totals = tab5557[tab5557["sex_code"] == "TotSa"]
    values = dict(zip(totals["region_code"], totals["value"], strict=True))
    assert sum(v for code, v in values.items() if code not in ("00", "18")) != values["18"]


def test_sample_payloads_say_they_are_sample_data():
    payloads, _ = sample_frames()
    for payload in payloads:
        assert "SAMPLE DATA" in payload.json()["note"][0]
        assert "SYNTHETIC" in payload.json()["note"][0]


def test_first_year_limits_the_years_kept():
    _, (tab638, tab5557) = sample_frames(first_year=2022)
    assert sorted(set(tab638["year"])) == [2022, 2023, 2024]
    assert len(tab5557) == AREAS * 3


def test_sample_is_only_for_orebro_lan():
    with pytest.raises(AsfetlError, match="sample data covers Örebro län"):
        scb.fetch_population(load_settings(region="03"), sample=True)


META = TableMeta(
    "TAB5557",
    (
        Variable("Region", True, ("00", "18", "1880", "1881")),
        Variable("Civilstand", False, ("SC", "OG", "G")),
        Variable("Alder", False, ("TotSA", "0", "1")),
        Variable("Kon", True, ("TotSa", "1", "2")),
        Variable("Hushall", True, ("A", "B")),  # eliminable, no total known: left out
        Variable("ContentsCode", False, ("000007ME",)),
        Variable("Tid", False, ("2025",)),
    ),
)


def test_build_query_selects_every_required_variable_and_totals_by_code():
    query = build_query(
        META,
        {"Region": ["18", "1880", "18"], "ContentsCode": ["000007ME"], "Tid": ["2025"]},
        {"Alder": "TotSA", "Kon": "TotSa", "Civilstand": "SC"},
    )
    assert query.selection == {
        "Region": ("18", "1880"),  # deduplicated: a duplicate makes SCB answer 500
        "Civilstand": ("SC",),
        "Alder": ("TotSA",),
        "Kon": ("TotSa",),
        "ContentsCode": ("000007ME",),
        "Tid": ("2025",),
    }
    assert query.cells == 2


def test_each_table_is_asked_for_men_and_women_and_a_total_code_only_where_it_has_one():
    tab638, tab5557 = scb.POPULATION_TABLES
    assert (tab638.table_id, tab638.sexes) == ("TAB638", ("1", "2"))
    assert (tab5557.table_id, tab5557.sexes) == ("TAB5557", ("1", "2", "TotSa"))
    assert "Kon" not in tab638.totals and "Kon" not in tab5557.totals
    query = build_query(
        META,
        {"Region": ["18"], "Kon": list(tab5557.sexes), "ContentsCode": ["000007ME"],
         "Tid": ["2025"]},
        tab5557.totals,
    )  # fmt: skip
    assert query.selection["Kon"] == ("1", "2", "TotSa") and query.cells == 3


def test_build_query_refuses_a_required_variable_it_cannot_choose_for():
    with pytest.raises(AsfetlError, match="requires a selection for Alder"):
        build_query(
            META,
            {"Region": ["18"], "ContentsCode": ["000007ME"], "Tid": ["2025"]},
            {"Civilstand": "SC"},
        )


def test_build_query_refuses_codes_the_table_lacks():
    with pytest.raises(AsfetlError, match="has no Region 9999"):
        build_query(META, {"Region": ["9999"]}, {})


def test_split_respects_the_cell_limit_with_the_fewest_parts():
    regions = tuple(f"{i:04d}" for i in range(312))
    years = tuple(str(y) for y in range(2015, 2025))
    query = Query("TAB638", {"Region": regions, "ContentsCode": ("BE0101N1",), "Tid": years})
    assert split(query, 150_000) == [query]
    parts = split(query, 1000)  # 3,120 cells → 4 parts of at most 100 regions × 10 years
    assert len(parts) == 4 and all(p.cells <= 1000 for p in parts)
    assert sum(p.cells for p in parts) == query.cells
    assert [r for p in parts for r in p.selection["Region"]] == list(regions)
    tiny = split(query, 5)  # fewer cells than one region's years: splits the years too
    assert all(p.cells <= 5 for p in tiny) and sum(p.cells for p in tiny) == query.cells


def test_get_url_shape_and_long_selections_use_post():
    query = Query(
        "TAB638", {"Region": ("18", "1880"), "ContentsCode": ("BE0101N1",), "Tid": ("2024",)}
    )
    assert query.get_url("https://x/api/v2") == (
        "https://x/api/v2/tables/TAB638/data?lang=sv&outputFormat=json-stat2"
        "&valueCodes[Region]=18,1880&valueCodes[ContentsCode]=BE0101N1&valueCodes[Tid]=2024"
    )
    country = query.with_codes("Region", tuple(f"{i:04d}" for i in range(450)))
    assert len(country.get_url("https://x/api/v2")) > MAX_GET_URL
