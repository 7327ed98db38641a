"""What the Kolada imitation (tests/imitation/kolada.py) holds: its KPIs, areas and synthetic
values, and the documents it serves of them.

The numbers are synthetic (N01951 follows the SCB imitation's population, by sex too). `/kpi` serves the
real catalogue excerpt recorded from Kolada v3 (tests/fixtures/kolada/kpi_catalogue_excerpt.csv,
its columns as the API names them): a KPI it lacks, such as the ended N00914, is simply absent,
as are its data. The calendar speaks as Kolada's does: `publ_period` is the period the NEXT
publication delivers (for a KPI with data here, the year after its last year here) and
`publication_date` the day of that publication (the catalogue's day of the year, next due after
today); until that day the newest period out is publ_period − 1. Each KPI's data keeps
to its recorded `municipality_type` (K: municipalities and Riket, no region; L: regions and
Riket, no municipality; A: all) and `is_divided_by_gender` (T, K and M, else T only); a county
of an A KPI is the population-weighted mean of its municipalities, a count their sum.
"""

from __future__ import annotations

import csv
import math
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

from asfetl import geography

from . import scb_cells, scb_population

YEARS = range(2010, 2026)
GENDERS = ("T", "K", "M")
COUNTRY_ID = "0000"

KPIS: dict[str, dict[str, Any]] = {
    "N03926": {
        "title": "Långtidsarbetslöshet 25-64 år, andel (%) av befolkningen",
        "description": "Antal invånare 25-64 år som varit öppet arbetslösa eller i program med "
        "aktivitetsstöd i minst sex månader (årsmedelvärde) dividerat med antal invånare "
        "25-64 år. Källa: Arbetsförmedlingen och SCB.",
        "operating_area": "Arbetsmarknad",
        "range": (1.0, 8.0),
        "gender_sign": 1,
    },
    "N03937": {
        "title": "Öppet arbetslösa, andel (%) av befolkningen 18-65 år",
        "description": "Antal öppet arbetslösa 18-65 år (årsmedelvärde) dividerat med antal "
        "invånare 18-65 år. Källa: Arbetsförmedlingen och SCB.",
        "operating_area": "Arbetsmarknad",
        "range": (2.0, 12.0),
        "gender_sign": 1,
    },
    "N31807": {
        "title": "Invånare som någon gång under året erhållit ekonomiskt bistånd, andel (%)",
        "description": "Antal invånare som någon gång under året erhållit ekonomiskt bistånd "
        "dividerat med antal invånare. Källa: Socialstyrelsen och SCB.",
        "operating_area": "Individ- och familjeomsorg",
        "range": (2.0, 10.0),
        "gender_sign": -1,
    },
    "N02267": {
        "title": "Sysselsättningsgrad 20-64 år, andel (%)",
        "description": "Antal sysselsatta 20-64 år som andel av totalt antal i åldersgruppen "
        "20-64 år. Källa: SCB - Befolkningens arbetsmarknadsstatus (BAS).",
        "operating_area": "Befolkning",
        "range": (65.0, 88.0),
        "gender_sign": 1,
    },
    "N01951": {
        "title": "Invånare totalt, antal",
        "description": "Antal invånare totalt den 31 december. Källa: SCB.",
        "operating_area": "Befolkning",
        "range": None,
        "gender_sign": 0,
    },
}
# The target-group KPIs (issue 26): title, description, type (A/K/L), sex split and calendar come
# from the recorded catalogue; here only the synthetic values' range, the sign of the men-women
# gap and, for a count, that the range is per inhabitant ("count": value = population × rate).
KPIS |= {
    kpi: {"range": bounds, "gender_sign": sign, "count": count}
    for kpi, bounds, sign, count in (
        ("N03947", (1.0, 7.0), 1, False),
        ("N03951", (0.5, 6.0), 1, False),
        ("N03952", (1.0, 7.0), 1, False),
        ("N03945", (1.5, 9.0), 1, False),
        ("N02797", (3.0, 12.0), 1, False),
        ("N31816", (0.5, 4.0), 1, False),
        ("N31858", (20.0, 60.0), 1, False),
        ("N00957", (15.0, 40.0), -1, False),
        ("N01703", (0.02, 0.05), 0, True),  # full-year equivalents per inhabitant
        ("N01702", (0.002, 0.008), 0, True),
        ("N02268", (50.0, 75.0), 1, False),
        ("N40011", (400.0, 3200.0), 0, False),  # kronor per inhabitant, whole kronor
        ("N40013", (5.0, 60.0), 0, False),
        ("N60092", (0.1, 2.0), 0, False),
    )
}

# (kpi, year) with no data yet: simply absent from `values`. N02797 comes two years late: its
# 2025 is published in May 2027.
ABSENT: set[tuple[str, int]] = {("N02267", 2025), ("N02797", 2025)}
# (kpi, year) published as "Missing" for every area and gender, and single (kpi, id, year) cells.
MISSING_YEARS: set[tuple[str, int]] = {("N03937", 2025)}
MISSING_CELLS: set[tuple[str, str, int]] = {("N31807", "1864", 2016)}


CATALOGUE = Path(__file__).parents[1] / "fixtures" / "kolada" / "kpi_catalogue_excerpt.csv"


@cache
def catalogue() -> dict[str, dict[str, str]]:
    """Kolada v3's KPI catalogue as recorded (an excerpt): id → its row."""
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def municipality_type(kpi: str) -> str:
    """K: municipalities only (and Riket), L: regions only (and Riket), A: all; as recorded."""
    row = catalogue().get(kpi)
    return row["municipality_type"] if row else "A"


def genders(kpi: str) -> tuple[str, ...]:
    """T, K and M for a KPI Kolada divides by gender (as recorded), else the total only."""
    row = catalogue().get(kpi)
    return GENDERS if row is None or row["is_divided_by_gender"] == "True" else ("T",)


def scb_region(kolada_id: str) -> str | None:
    """Kolada id → SCB region code: 0000 → 00, 0018 → 18, 1880 → 1880 (None if unknown)."""
    if kolada_id == COUNTRY_ID:
        return "00"
    if len(kolada_id) == 4 and kolada_id.startswith("00"):
        code = kolada_id[2:]
        return code if geography.is_county_code(code) else None
    area = geography.all_areas().get(kolada_id)
    return kolada_id if area is not None and area.level == "municipality" else None


def kolada_ids() -> list[str]:
    """Every id the imitation knows, in Kolada's order: riket, regions, municipalities."""
    counties = [f"00{c.code}" for c in geography.counties()]
    return [COUNTRY_ID, *counties, *(m.code for m in geography.municipalities())]


def _unit(*parts: object) -> float:
    return scb_population._unit("kolada", *parts)


def _clamp(value: float, bounds: tuple[float, float]) -> float:
    return max(bounds[0], min(bounds[1], value))


def _municipality_rate(kpi: str, code: str, year: int, gender: str) -> float | None:
    """Unrounded rate of one municipality, or None when Missing."""
    if (kpi, year) in MISSING_YEARS or (kpi, code, year) in MISSING_CELLS:
        return None
    low, high = KPIS[kpi]["range"]
    span = high - low
    level = low + span * (0.15 + 0.6 * _unit(kpi, "level", code))
    phase = 2 * math.pi * _unit(kpi, "phase", code)
    cycle = 0.12 * span * math.sin(2 * math.pi * (year - 2010) / 9 + phase)
    noise = (_unit(kpi, "noise", code, year) - 0.5) * 0.04 * span
    total = _clamp(level + cycle + noise, (low + 0.05 * span, high - 0.05 * span))
    if gender == "T":
        return total
    gap = (0.02 + 0.06 * _unit(kpi, "gender", code)) * total * KPIS[kpi]["gender_sign"]
    return _clamp(total + gap if gender == "M" else total - gap, (low, high))


@cache
def _cell(kpi: str, kolada_id: str, year: int, gender: str) -> tuple[float | None, int]:
    """(value, count) of one cell that exists (absent cells are filtered out by the caller)."""
    region = scb_region(kolada_id)
    assert region is not None
    if KPIS[kpi]["range"] is None:  # N01951: population from the SCB imitation
        table = "TAB638" if year <= 2024 else "TAB5557"
        total = scb_cells.population(table, region, year)
        if total is None:  # published null at SCB (1864, 2016); Kolada has the number
            total = scb_population.model_population(region, year)
        if gender == "T":
            return float(total), 1
        sex = "1" if gender == "M" else "2"  # SCB's Kon: 1 men, 2 women
        return float(scb_population.model_population_by_sex(region, year, sex)), 1
    own = region != "00" and (municipality_type(kpi) == "L") == (kolada_id.startswith("00"))
    if not own:  # Riket, or the county of an A KPI: from its parts, as Kolada's would be
        if municipality_type(kpi) == "L":
            parts = tuple(c.code for c in geography.counties())
        else:
            parts = scb_population._municipalities_of(None if region == "00" else region)
        weighted = [
            (scb_population.model_population(m, year), _municipality_rate(kpi, m, year, gender))
            for m in parts
        ]
        weighted = [(w, v) for w, v in weighted if v is not None]
        if not weighted:
            return None, 0
        if KPIS[kpi].get("count"):  # counts add up
            return float(sum(round(w * v) for w, v in weighted)), len(weighted)
        rate = sum(w * v for w, v in weighted) / sum(w for w, _ in weighted)
        return round(rate, _digits(kpi)), len(weighted)
    rate = _municipality_rate(kpi, region, year, gender)
    if rate is None:
        return None, 0
    if KPIS[kpi].get("count"):
        return float(round(scb_population.model_population(region, year) * rate)), 1
    return round(rate, _digits(kpi)), 1


def _digits(kpi: str) -> int:
    """Kolada gives shares and days with one decimal, kronor per inhabitant whole."""
    return 0 if kpi == "N40011" else 1


def has_data(kpi: str, kolada_id: str, year: int) -> bool:
    """Whether Kolada lists an item for (kpi, id, year) at all (possibly with Missing values):
    a K KPI has no region (county) item, an L KPI no municipality item; both have Riket."""
    if kpi not in KPIS or year not in YEARS or (kpi, year) in ABSENT:
        return False
    if scb_region(kolada_id) is None:
        return False
    kind = municipality_type(kpi)
    is_region = kolada_id.startswith("00") and kolada_id != COUNTRY_ID
    is_municipality = not kolada_id.startswith("00")
    return not (kind == "K" and is_region) and not (kind == "L" and is_municipality)


def kpi_value(kpi: str, kolada_id: str, year: int, gender: str) -> float | None:
    """The value Kolada serves for one cell; None when it is Missing or absent."""
    if gender not in genders(kpi) or not has_data(kpi, kolada_id, year):
        return None
    return _cell(kpi, kolada_id, year, gender)[0]


def data_item(kpi: str, kolada_id: str, year: int) -> dict[str, Any]:
    values = []
    for gender in genders(kpi):
        value, count = _cell(kpi, kolada_id, year, gender)
        values.append(
            {
                "gender": gender,
                "count": count,
                "status": "" if value is not None else "Missing",
                "value": value,
            }
        )
    return {"kpi": kpi, "municipality": kolada_id, "period": year, "values": values}


def _next_due(recorded: str, today: date) -> str | None:
    """The catalogue's planned day of the year, next due after today (the recording is old)."""
    if not recorded:
        return None
    planned = date.fromisoformat(recorded[:10])
    due = planned.replace(year=today.year)
    return (due if due > today else due.replace(year=today.year + 1)).isoformat()


def kpi_document(kpi: str) -> dict[str, Any]:
    row = catalogue().get(kpi)
    meta = KPIS.get(kpi, {})
    document: dict[str, Any] = {
        "id": kpi,
        "title": row["title"] if row else meta["title"],
        "description": row["description"] if row else meta["description"],
        "operating_area": row["operating_area"] if row else meta["operating_area"],
        "has_ou_data": False,
        "is_divided_by_gender": (row["is_divided_by_gender"] == "True") if row else True,
        "municipality_type": row["municipality_type"] if row else "A",
        "publ_period": row["publ_period"] if row else None,
        "publication_date": _next_due(row["publication_date"], date.today()) if row else None,
    }
    if kpi in KPIS:  # the next publication delivers the year after the last one served here
        document["publ_period"] = str(max(y for y in YEARS if (kpi, y) not in ABSENT) + 1)
    return document


def known_kpis() -> list[str]:
    """Every KPI `/kpi` lists: the catalogue excerpt's and those with data here."""
    return sorted({*catalogue(), *KPIS})


def municipality_document(kolada_id: str) -> dict[str, Any]:
    region = scb_region(kolada_id)
    area = geography.all_areas()[region]
    if area.level == "municipality":
        return {"id": kolada_id, "title": area.name, "type": "K"}
    title = "Riket" if region == "00" else f"Region {area.name}"
    return {"id": kolada_id, "title": title, "type": "L"}
