"""Write the SCB-shaped sample payloads shipped in asfetl/sample_data (run by hand; output is committed).

Population 31 December for Örebro län (18) and its 12 municipalities, 2015–2024, in the json-stat2
shape of SCB PxWebApi 2.0's TAB638. 2023 and 2024 are SCB's published figures (Lekeberg 2024 is the
county total minus the other eleven municipalities); 2015–2022 are SYNTHETIC, made by a fixed growth
rate per municipality, and the payload says so in its notes.
"""

import json
from pathlib import Path

REAL = {  # code: (name, 2023, 2024)
    "1814": ("Lekeberg", 8606, 8606),
    "1860": ("Laxå", 5497, 5423),
    "1861": ("Hallsberg", 16232, 16120),
    "1862": ("Degerfors", 9357, 9278),
    "1863": ("Hällefors", 6495, 6321),
    "1864": ("Ljusnarsberg", 4407, 4369),
    "1880": ("Örebro", 159348, 160140),
    "1881": ("Kumla", 22516, 22681),
    "1882": ("Askersund", 11478, 11477),
    "1883": ("Karlskoga", 30261, 30180),
    "1884": ("Nora", 10627, 10639),
    "1885": ("Lindesberg", 23292, 23141),
}
COUNTY = ("18", "Örebro län", 308116, 308375)
YEARS = list(range(2015, 2025))
SYNTHETIC_GROWTH = {  # per year, backwards from 2023: invented, not SCB's
    "1814": 0.012, "1860": -0.004, "1861": 0.002, "1862": -0.003, "1863": -0.006,
    "1864": -0.007, "1880": 0.011, "1881": 0.009, "1882": 0.001, "1883": 0.002,
    "1884": 0.001, "1885": -0.002,
}  # fmt: skip


def municipal_value(code: str, year: int) -> int:
    _name, v2023, v2024 = REAL[code]
    if year == 2023:
        return v2023
    if year == 2024:
        return v2024
    return round(v2023 / (1 + SYNTHETIC_GROWTH[code]) ** (2023 - year))


def county_value(year: int) -> int:
    if year == 2023:
        return COUNTY[2]
    if year == 2024:
        return COUNTY[3]
    return sum(municipal_value(code, year) for code in REAL)  # before 2025 totals are exact sums


def payload() -> dict:
    regions = [COUNTY[0], *REAL]
    labels = {COUNTY[0]: COUNTY[1]} | {code: name for code, (name, _, _) in REAL.items()}
    values = [
        county_value(year) if region == COUNTY[0] else municipal_value(region, year)
        for region in regions
        for year in YEARS  # ContentsCode has one category, so Tid varies fastest after Region
    ]
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden efter region och år",
        "source": "SCB",
        "updated": "2025-02-21T07:00:00Z",
        "note": [
            "EXEMPELDATA / SAMPLE DATA shipped with asfetl: 2023 and 2024 are SCB's published "
            "figures; 2015-2022 are SYNTHETIC and must not be used as statistics.",
            "Folkmängden avser förhållandet den 31 december.",
        ],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": ["Region", "ContentsCode", "Tid"],
        "size": [len(regions), 1, len(YEARS)],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {code: i for i, code in enumerate(regions)},
                    "label": labels,
                },
                "extension": {"show": "value"},
            },
            "ContentsCode": {
                "label": "tabellinnehåll",
                "category": {
                    "index": {"BE0101N1": 0},
                    "label": {"BE0101N1": "Folkmängd"},
                    "unit": {"BE0101N1": {"base": "antal", "decimals": 0}},
                },
                "extension": {"show": "value"},
            },
            "Tid": {
                "label": "år",
                "category": {
                    "index": {str(y): i for i, y in enumerate(YEARS)},
                    "label": {str(y): str(y) for y in YEARS},
                },
                "extension": {"show": "code"},
            },
        },
        "extension": {
            "px": {
                "infofile": "BE0101",
                "tableid": "TAB638",
                "decimals": 0,
                "official-statistics": True,
                "aggregallowed": True,
                "language": "sv",
                "contents": "Folkmängd",
                "heading": ["ContentsCode", "Tid"],
                "stub": ["Region"],
                "matrix": "BefolkningNy",
                "subject-code": "BE",
                "subject-area": "Befolkning",
            },
            "asfetl": {"sample": True, "real_years": [2023, 2024]},
        },
        "value": values,
    }


if __name__ == "__main__":
    out = Path(__file__).resolve().parent.parent / "asfetl/sample_data/scb/TAB638_population.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(payload(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")
