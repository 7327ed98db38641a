from collections import Counter

from asfetl import geography

ORERBRO_LAN = {
    "1814": "Lekeberg", "1860": "Laxå", "1861": "Hallsberg", "1862": "Degerfors",
    "1863": "Hällefors", "1864": "Ljusnarsberg", "1880": "Örebro", "1881": "Kumla",
    "1882": "Askersund", "1883": "Karlskoga", "1884": "Nora", "1885": "Lindesberg",
}  # fmt: skip

# Municipalities per county (SCB, unchanged since Knivsta 2003).
PER_COUNTY = {
    "01": 26, "03": 8, "04": 9, "05": 13, "06": 13, "07": 8, "08": 12, "09": 1, "10": 5,
    "12": 33, "13": 6, "14": 49, "17": 16, "18": 12, "19": 10, "20": 15, "21": 10, "22": 7,
    "23": 8, "24": 15, "25": 14,
}  # fmt: skip


def test_all_21_counties_and_290_municipalities_are_shipped():
    assert len(geography.counties()) == 21
    assert len(geography.municipalities()) == 290
    assert geography.area("00").name == "Riket"
    levels = Counter(a.level for a in geography.all_areas().values())
    assert levels == {"country": 1, "county": 21, "municipality": 290}


def test_each_municipality_belongs_to_the_county_its_code_starts_with():
    counties = {c.code for c in geography.counties()}
    for m in geography.municipalities():
        assert len(m.code) == 4 and m.code.isdigit()
        assert m.county_code == m.code[:2] in counties
    counts = Counter(m.county_code for m in geography.municipalities())
    assert counts == PER_COUNTY


def test_orebro_lan_has_its_twelve_municipalities():
    assert geography.area("18").name == "Örebro län"
    assert {m.code: m.name for m in geography.municipalities("18")} == ORERBRO_LAN


def test_region_areas_is_the_county_then_its_municipalities():
    areas = geography.region_areas("18")
    assert [a.code for a in areas] == ["18", *sorted(ORERBRO_LAN)]
    assert len(geography.region_areas("00")) == 1 + 21 + 290


def test_sweden_is_a_county_s_benchmark_and_the_whole_country_s_own_area():
    assert [a.code for a in geography.benchmark_areas("18")] == ["00"]
    assert [a.code for a in geography.statistics_areas("18")] == ["18", *sorted(ORERBRO_LAN), "00"]
    assert geography.benchmark_areas("00") == []
    assert geography.statistics_areas("00") == geography.region_areas("00")


def test_every_county_code_is_accepted():
    for county in geography.counties():
        assert geography.is_county_code(county.code)
        assert geography.municipalities(county.code)
    assert not geography.is_county_code("1880")
    assert not geography.is_county_code("02")


def test_find_area_by_code_or_name():
    assert geography.find_area("1863").name == "Hällefors"
    assert geography.find_area("hallefors").code == "1863"
    assert geography.find_area("Örebro").code == "1880"
    assert geography.find_area("orebro lan").code == "18"
    assert geography.find_area("114").code == "0114"  # a code a spreadsheet stored as a number
    assert geography.find_area("Atlantis") is None
