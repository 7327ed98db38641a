"""The Kolada-shaped sample payloads of asfetl/sample_data/kolada (written by
scripts/make_sample_payloads.py): the 18 KPIs' SYNTHETIC values for the sample's areas (Sweden
as 0000, the county as 0018 and its municipalities), each KPI as its recorded type allows, and
their metadata from the recorded catalogue excerpt."""

import csv
from pathlib import Path

from sample_population import REAL, municipal_value, population_value

KPI_RANGES = {  # KPI: (low, high) of the synthetic values; for a count, per inhabitant
    "N00957": (15.0, 40.0),
    "N01702": (0.002, 0.008),
    "N01703": (0.02, 0.05),
    "N02267": (70.0, 86.0),
    "N02268": (50.0, 75.0),
    "N02797": (3.0, 12.0),
    "N03926": (1.5, 7.5),
    "N03937": (2.5, 11.0),
    "N03945": (1.5, 9.0),
    "N03947": (1.0, 7.0),
    "N03951": (0.5, 6.0),
    "N03952": (1.0, 7.0),
    "N31807": (2.0, 9.0),
    "N31816": (0.5, 4.0),
    "N31858": (20.0, 60.0),
    "N40011": (400.0, 3200.0),
    "N40013": (5.0, 60.0),
    "N60092": (0.1, 2.0),
}
COUNTS = {"N01702", "N01703"}  # full-year equivalents: population × a per-inhabitant rate
WOMEN_HIGHER = {"N02267", "N02268", "N00957"}  # the sign of the synthetic gap between genders
LAST_YEAR = {"N02267": 2024, "N02797": 2024}  # not published yet (N02797 comes two years late)

# The KPIs' texts as Kolada's v3 catalogue had them on 2026-03-23 (a recorded excerpt).
CATALOGUE = (
    Path(__file__).resolve().parent.parent / "tests/fixtures/kolada/kpi_catalogue_excerpt.csv"
)


def catalogue() -> dict[str, dict[str, str]]:
    with CATALOGUE.open(encoding="utf-8", newline="") as f:
        return {row["id"]: row for row in csv.DictReader(f)}


def kpi_value(kpi: str, area: str, year: int, gender: str) -> float:
    """A synthetic, deterministic value inside the KPI's plausible range (one decimal; whole
    kronor for N40011). Women's (K) and men's (M) values lie 0.4 either side of the total (T),
    so that the total lies between them, as a total of the two does."""
    low, high = KPI_RANGES[kpi]
    seed = sum(ord(c) * (i + 1) for i, c in enumerate(f"{kpi}{area}{year}T"))
    base = low + (high - low) * ((sum(map(ord, kpi + area)) % 97) / 96)
    if kpi in COUNTS:
        return float(round(population_value(scb_code(area), min(year, 2024)) * base))
    wobble = ((seed % 21) - 10) / 20  # -0.5 .. +0.5 percentage points
    total = min(high, max(low, base + wobble))
    gap = {"T": 0.0, "K": -0.4, "M": 0.4}[gender] * (-1 if kpi in WOMEN_HIGHER else 1)
    return round(min(high, max(low, total + gap)), 0 if kpi == "N40011" else 1)


def scb_code(kolada_id: str) -> str:
    """Kolada's id → SCB's code: 0000 → 00, 0018 → 18, a municipality as it is."""
    return kolada_id[2:] if kolada_id.startswith("00") else kolada_id


def missing(kpi: str, area: str, year: int) -> bool:
    return (kpi == "N03937" and year == 2025) or (kpi, area, year) == ("N31807", "1864", 2016)


def county_kpi_value(kpi: str, year: int, gender: str) -> float | None:
    """An A KPI's county as Kolada's would be: the population-weighted mean of its
    municipalities' values (so it lies between their extremes); None when all are missing."""
    parts = [
        (municipal_value(code, min(year, 2024)), kpi_value(kpi, code, year, gender))
        for code in REAL
        if not missing(kpi, code, year)
    ]
    if not parts:
        return None
    return round(sum(w * v for w, v in parts) / sum(w for w, _ in parts), 1)


def kolada_payload() -> dict:
    """Kolada v3 data for the 18 KPIs, Sweden (0000), the county (0018) and its municipalities,
    2015–2025, each as its recorded type allows (K: municipalities and Sweden, L: the region and
    Sweden, as the Kolada imitation serves them) and divided by gender only where Kolada divides
    it. Sweden's value is a synthetic national figure inside the KPI's range (a count: Sweden's
    population times the KPI's rate), never made from the sample's own areas."""
    rows = catalogue()
    values = []
    for kpi in sorted(KPI_RANGES):
        kind = rows[kpi]["municipality_type"]
        genders = ("T", "K", "M") if rows[kpi]["is_divided_by_gender"] == "True" else ("T",)
        ids = {"A": ["0000", "0018", *REAL], "K": ["0000", *REAL], "L": ["0000", "0018"]}[kind]
        for area in ids:
            for year in range(2015, LAST_YEAR.get(kpi, 2025) + 1):
                gone = missing(kpi, area, year)
                cells = []
                for gender in genders:
                    if gone:
                        value = None
                    elif area == "0018" and kind == "A":
                        value = county_kpi_value(kpi, year, gender)
                    else:
                        value = kpi_value(kpi, area, year, gender)
                    cells.append(
                        {
                            "gender": gender,
                            "count": 0 if value is None else 1,
                            "status": "Missing" if value is None else "",
                            "value": value,
                        }
                    )
                values.append({"kpi": kpi, "municipality": area, "period": year, "values": cells})
    return {
        "asfetl_note": "EXEMPELDATA / SAMPLE DATA shipped with asfetl: every value is SYNTHETIC.",
        "count": len(values),
        "values": values,
        "next_url": None,
        "previous_url": None,
    }


def kolada_metadata_payload() -> dict:
    """Kolada v3 `GET /kpi/{ids}` for the sample's KPIs: publ_period is, as at Kolada, the
    period the NEXT publication delivers (the sample's last year + 1); no publication_date,
    since a sample has no calendar to keep."""
    rows = catalogue()
    values = []
    for kpi in sorted(KPI_RANGES):
        row = rows[kpi]
        values.append(
            {
                "id": kpi,
                "title": row["title"],
                "description": row["description"],
                "is_divided_by_gender": row["is_divided_by_gender"] == "True",
                "municipality_type": row["municipality_type"],
                "operating_area": row["operating_area"],
                "has_ou_data": False,
                "publ_period": str(LAST_YEAR.get(kpi, 2025) + 1),
                "publication_date": None,
            }
        )
    return {
        "asfetl_note": "EXEMPELDATA / SAMPLE DATA shipped with asfetl: the periods are the "
        "sample's; publ_period is, as at Kolada, the period the NEXT publication delivers (the "
        "sample's last year + 1).",
        "count": len(values),
        "values": values,
        "next_url": None,
        "previous_url": None,
    }
