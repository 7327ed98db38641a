"""The SCB imitation's population model: population per region, sex and year, and CKM noise."""

from __future__ import annotations

import math
import zlib
from functools import cache
from statistics import NormalDist

from asfetl import geography

# SCB's published population 31 December (TAB638, BE0101N1) for Örebro län and its municipalities.
REAL_POPULATION: dict[str, dict[int, int]] = {
    "18": {2023: 308116, 2024: 308375},
    "1814": {2023: 8606, 2024: 8606},
    "1860": {2023: 5497, 2024: 5423},
    "1861": {2023: 16232, 2024: 16120},
    "1862": {2023: 9357, 2024: 9278},
    "1863": {2023: 6495, 2024: 6321},
    "1864": {2023: 4407, 2024: 4369},
    "1880": {2023: 159348, 2024: 160140},
    "1881": {2023: 22516, 2024: 22681},
    "1882": {2023: 11478, 2024: 11477},
    "1883": {2023: 30261, 2024: 30180},
    "1884": {2023: 10627, 2024: 10639},
    "1885": {2023: 23292, 2024: 23141},
}

# Cells published as null with a status symbol: (table, region, year) → symbol.
SUPPRESSED: dict[tuple[str, str, int], str] = {("TAB638", "1864", 2016): ".."}

ANCHOR_YEAR = 2024  # the synthetic series are anchored here and extrapolated both ways


def _unit(*parts: object) -> float:
    """A deterministic number in [0, 1) from the parts."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8")) / 2**32


@cache
def _municipality_params(code: str) -> tuple[float, float]:
    """(population in ANCHOR_YEAR, yearly growth) of a municipality."""
    real = REAL_POPULATION.get(code)
    if real:
        growth = real[2024] / real[2023] - 1
        return float(real[2024]), max(-0.014, min(0.014, growth))
    # Log-normal sizes around 15,000 (like Sweden's municipalities), kept within 2,500..1,000,000.
    u = min(max(_unit("size", code), 1e-4), 1 - 1e-4)
    base = min(997_000.0, max(2_510.0, 15_000 * math.exp(1.2 * NormalDist().inv_cdf(u))))
    growth = 0.006 + (_unit("growth", code) - 0.5) * 0.016  # −0.2 % .. +1.4 % a year
    return base, growth


@cache
def _municipality(code: str, year: int) -> int:
    real = REAL_POPULATION.get(code, {})
    if year in real:
        return real[year]
    base, growth = _municipality_params(code)
    wobble = (_unit("wobble", code, year) - 0.5) * 0.004  # ±0.2 %: under 2 % a year in all
    return round(base * (1 + growth) ** (year - ANCHOR_YEAR) * (1 + wobble))


@cache
def _municipalities_of(county: str | None) -> tuple[str, ...]:
    return tuple(a.code for a in geography.municipalities(county))


@cache
def model_population(region: str, year: int) -> int:
    """The imitation's underlying (unsuppressed, noiseless) population of a region at 31 Dec.

    A county is the exact sum of its municipalities and Riket the sum of the counties.
    Raises KeyError for a code that is not an SCB area.
    """
    area = geography.all_areas()[region]
    if area.level == "municipality":
        return _municipality(region, year)
    if area.level == "county":
        return sum(_municipality(m, year) for m in _municipalities_of(region))
    return sum(model_population(c.code, year) for c in geography.counties())


def _women_share(code: str) -> float:
    """A municipality's share of women: about half, 49.2 %..50.8 % (synthetic)."""
    return 0.492 + _unit("women", code) * 0.016


SEXES = ("1", "2")  # SCB's Kon: 1 men (män), 2 women (kvinnor)


@cache
def model_population_by_sex(region: str, year: int, sex: str) -> int:
    """The imitation's underlying population of one sex (SCB's Kon 1 men, 2 women): a
    municipality's women are a share of its total and its men the rest, so that men + women is
    the total exactly, as in SCB's tables before the Cell Key Method; a county and Riket are
    the sums of their municipalities' and counties'. Raises KeyError for an unknown code or sex."""
    if sex not in SEXES:
        raise KeyError(sex)
    area = geography.all_areas()[region]
    if area.level == "municipality":
        total = _municipality(region, year)
        women = round(total * _women_share(region))
        return women if sex == "2" else total - women
    if area.level == "county":
        return sum(model_population_by_sex(m, year, sex) for m in _municipalities_of(region))
    return sum(model_population_by_sex(c.code, year, sex) for c in geography.counties())


def ckm_offset(key: str) -> int:
    """The Cell-Key-like noise of one cell: a deterministic integer in −2..+2."""
    return zlib.crc32(key.encode("utf-8")) % 5 - 2
