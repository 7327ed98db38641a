"""The SCB imitation's numbers: real Örebro figures, consistent sums, shares, nulls and CKM noise."""

import itertools

import pytest

from asfetl import geography
from tests.imitation import ScbImitation
from tests.imitation import scb as scb_data
from tests.imitation.probe import OREBRO, cells, codes, post


@pytest.fixture
def scb() -> ScbImitation:
    with ScbImitation(max_calls=None) as server:
        yield server


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


def test_scb_men_and_women_make_the_total_before_ckm_and_are_noisy_after(
    scb: ScbImitation,
) -> None:
    """TAB638: Kon 1 (men) + 2 (women) = the total with Kon left out, for Riket, every county
    and municipality, and a county's women are its municipalities'; TAB5557: men, women and
    TotSa asked in one call, each with its own noise, near the model's split."""
    everything = [a.code for a in geography.all_areas().values()]
    split = post(
        scb, "TAB638", Region=everything, Kon=["1", "2"], ContentsCode=["BE0101N1"], Tid=["2024"]
    ).json()
    assert split["id"] == ["Region", "Kon", "ContentsCode", "Tid"]
    assert split["dimension"]["Kon"]["category"]["label"] == {"1": "män", "2": "kvinnor"}
    both = post(scb, "TAB638", Region=everything, ContentsCode=["BE0101N1"], Tid=["2024"]).json()
    by_sex = {(k[0], k[1]): v for k, (v, _) in cells(split).items()}
    total = dict(zip(codes(both, "Region"), both["value"], strict=True))
    for region in everything:
        assert by_sex[region, "1"] + by_sex[region, "2"] == total[region], region
        assert 0.49 < by_sex[region, "2"] / total[region] < 0.51
    for county in geography.counties():
        parts = [m.code for m in geography.municipalities(county.code)]
        assert sum(by_sex[m, "2"] for m in parts) == by_sex[county.code, "2"]
    assert by_sex["1880", "1"] + by_sex["1880", "2"] == 160140  # SCB's published total
    assert scb_data.population("TAB638", "18", 2024, "2") == by_sex["18", "2"]

    new = post(
        scb,
        "TAB5557",
        Region=OREBRO,
        Civilstand=["SC"],
        Alder=["TotSA"],
        Kon=["1", "2", "TotSa"],
        ContentsCode=["000007ME"],
        Tid=["2025"],
    ).json()
    assert codes(new, "Kon") == ["1", "2", "TotSa"]
    table = {(k[0], k[3]): v for k, (v, _) in cells(new).items()}
    for region in OREBRO:
        gap = table[region, "1"] + table[region, "2"] - table[region, "TotSa"]
        assert abs(gap) <= 6, region  # three cells, each −2..+2
        model = scb_data.model_population_by_sex(region, 2025, "2")
        assert abs(table[region, "2"] - model) <= 2
    assert any(
        table[r, "1"] + table[r, "2"] != table[r, "TotSa"] for r in OREBRO
    )  # CKM: parts need not add up
