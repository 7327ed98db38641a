"""The SCB-shaped sample payloads of asfetl/sample_data/scb (written by
scripts/make_sample_payloads.py): population 31 December for Örebro län (18), its 12
municipalities and Sweden (00, the county's benchmark) by sex.

In the json-stat2 shape of SCB PxWebApi 2.0 as asfetl's query gets it: TAB638
for 2015–2024 (Kon 1 men and 2 women: the table has no code for both) and TAB5557 (Cell Key
Method) for 2025 (Kon 1, 2 and TotSa). The 2023 and 2024 totals are SCB's published figures
(Lekeberg 2024 is the county total minus the other eleven municipalities); 2015–2022 and 2025, and
the split by sex in every year, are SYNTHETIC, made by a fixed growth rate and share of women per
area (plus CKM-like noise of -2..+2 per total in 2025), and each payload says so in its notes.
Men + women = the total for every area and year; to 2024 a county's women (and men) are the sum
of its municipalities'.
"""

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
SWEDEN = ("00", "Riket", 10551707, 10587710)  # SCB's published 31 December 2023 and 2024
SWEDEN_GROWTH = 0.0075  # per year, backwards from 2023: invented, not SCB's
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


def sweden_value(year: int) -> int:
    if year == 2023:
        return SWEDEN[2]
    if year == 2024:
        return SWEDEN[3]
    return round(SWEDEN[2] / (1 + SWEDEN_GROWTH) ** (2023 - year))


def population_value(code: str, year: int) -> int:
    """Population of any area of the sample: Sweden, the county or a municipality."""
    if code == SWEDEN[0]:
        return sweden_value(year)
    if code == COUNTY[0]:
        return county_value(year)
    return municipal_value(code, year)


def county_value(year: int) -> int:
    if year == 2023:
        return COUNTY[2]
    if year == 2024:
        return COUNTY[3]
    return sum(municipal_value(code, year) for code in REAL)  # before 2025 totals are exact sums


SWEDEN_WOMEN_SHARE = 0.498  # invented, not SCB's


def women_share(code: str) -> float:
    """A municipality's share of women: 49.3 %..50.7 %, fixed per municipality (invented)."""
    return 0.493 + (sum(ord(c) * (i + 1) for i, c in enumerate(code)) % 15) / 1000


def women_value(code: str, year: int) -> int:
    """Women (SCB's Kon 2) of any area: a municipality's share of its total, a county the sum
    of its municipalities' (its total is their sum before 2025), Sweden a share of its own."""
    if code == SWEDEN[0]:
        return round(sweden_value(year) * SWEDEN_WOMEN_SHARE)
    if code == COUNTY[0]:
        return sum(women_value(m, year) for m in REAL)
    return round(municipal_value(code, year) * women_share(code))


def sexes_value(code: str, year: int) -> dict[str, int]:
    """SCB's Kon 1 (men) and 2 (women) of an area, 2015–2024: they add up to its total."""
    women = women_value(code, year)
    return {"1": population_value(code, year) - women, "2": women}


def noise(code: str) -> int:
    """Deterministic stand-in for SCB's cell-key noise: -2..+2 per cell."""
    return sum(map(ord, code)) % 5 - 2


def value_2025(code: str) -> int:
    if code == SWEDEN[0]:
        return round(SWEDEN[3] * 1.004) + noise(code)
    if code == COUNTY[0]:
        return round(COUNTY[3] * 1.002) + noise(code)
    return round(REAL[code][2] * (1 + SYNTHETIC_GROWTH[code])) + noise(code)


SEX_LABELS = {"1": "män", "2": "kvinnor", "TotSa": "totalt, samtliga män och kvinnor"}
TAB638_SEXES = ("1", "2")  # TAB638's Kon has no code for both: asfetl asks for men and women
TAB5557_SEXES = ("1", "2", "TotSa")  # in the order of SCB's metadata


def sex_dimension(codes: tuple[str, ...]) -> dict:
    return {
        "label": "kön",
        "category": {
            "index": {code: i for i, code in enumerate(codes)},
            "label": {code: SEX_LABELS[code] for code in codes},
        },
        "extension": {"show": "value"},
    }


def sexes_2025(code: str) -> list[int]:
    """Men, women and the total of 2025 (TAB5557's order): the total as before, its women the
    area's share of it, its men the rest."""
    total = value_2025(code)
    share = SWEDEN_WOMEN_SHARE if code == SWEDEN[0] else women_share_of(code)
    women = round(total * share)
    return [total - women, women, total]


def population_contents(code: str) -> dict:
    """The ContentsCode dimension: the table's one content, its population (its code differs
    between the tables)."""
    return {
        "label": "tabellinnehåll",
        "category": {
            "index": {code: 0},
            "label": {code: "Folkmängd"},
            "unit": {code: {"base": "antal", "decimals": 0}},
        },
        "extension": {"show": "value"},
    }


def women_share_of(code: str) -> float:
    """The share of women of any area but Sweden, as the sample's 2024 has it."""
    return women_value(code, 2024) / population_value(code, 2024)


def payload_tab5557() -> dict:
    regions = [SWEDEN[0], COUNTY[0], *REAL]
    labels = {SWEDEN[0]: SWEDEN[1], COUNTY[0]: COUNTY[1]}
    labels |= {code: name for code, (name, _, _) in REAL.items()}
    single = {  # the totals asked for by code: one category each
        "Civilstand": ("civilstånd", "SC", "totalt, samtliga civilstånd"),
        "Alder": ("ålder", "TotSA", "totalt ålder"),
    }
    dimension = {
        "Region": {
            "label": "region",
            "category": {"index": {c: i for i, c in enumerate(regions)}, "label": labels},
            "extension": {"show": "code_value"},
        }
    }
    for var, (label, code, code_label) in single.items():
        dimension[var] = {
            "label": label,
            "category": {"index": {code: 0}, "label": {code: code_label}},
            "extension": {"show": "value"},
        }
    dimension["Kon"] = sex_dimension(TAB5557_SEXES)
    dimension["ContentsCode"] = population_contents("000007ME")
    dimension["Tid"] = {
        "label": "år",
        "category": {"index": {"2025": 0}, "label": {"2025": "2025"}},
        "extension": {"show": "code"},
    }
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden efter region, civilstånd, ålder och kön. År 2025",
        "source": "SCB",
        "updated": "2026-02-20T07:00:00Z",
        "note": [
            "EXEMPELDATA / SAMPLE DATA shipped with asfetl: every figure in this payload is "
            "SYNTHETIC and must not be used as statistics (men and women add up to the total "
            "here; at SCB each of the three carries its own noise).",
            "Från och med referensåret 2025 och framåt är en liten kontrollerad slumpmässig "
            "osäkerhet införd i samtliga redovisade uppgifter (Cell Key Method). Till följd av "
            "detta så är inte alltid de redovisade totalerna lika med summan av deras delar.",
        ],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": ["Region", "Civilstand", "Alder", "Kon", "ContentsCode", "Tid"],
        "size": [len(regions), 1, 1, len(TAB5557_SEXES), 1, 1],
        "dimension": dimension,
        "extension": {
            "px": {
                "infofile": "BE0101",
                "tableid": "TAB5557",
                "decimals": 0,
                "official-statistics": True,
                "aggregallowed": False,
                "language": "sv",
                "contents": "Folkmängd",
                "heading": ["ContentsCode", "Tid"],
                "stub": ["Region", "Civilstand", "Alder", "Kon"],
                "matrix": "TAB5557",
                "subject-code": "BE",
                "subject-area": "Befolkning",
            },
            "asfetl": {"sample": True, "real_years": []},
        },
        "value": [v for code in regions for v in sexes_2025(code)],
    }


def payload() -> dict:
    regions = [SWEDEN[0], COUNTY[0], *REAL]
    labels = {SWEDEN[0]: SWEDEN[1], COUNTY[0]: COUNTY[1]}
    labels |= {code: name for code, (name, _, _) in REAL.items()}
    values = [
        sexes_value(region, year)[sex]
        for region in regions
        for sex in TAB638_SEXES
        for year in YEARS  # Alder and ContentsCode have one category: Tid varies fastest
    ]
    return {
        "version": "2.0",
        "class": "dataset",
        "label": "Folkmängden efter region, ålder, kön och år",
        "source": "SCB",
        "updated": "2025-02-21T07:00:00Z",
        "note": [
            "EXEMPELDATA / SAMPLE DATA shipped with asfetl: the totals of men and women of 2023 "
            "and 2024 are SCB's published figures; 2015-2022, and the split by sex in every "
            "year, are SYNTHETIC and must not be used as statistics.",
            "Folkmängden avser förhållandet den 31 december.",
        ],
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": ["Region", "Alder", "Kon", "ContentsCode", "Tid"],
        "size": [len(regions), 1, len(TAB638_SEXES), 1, len(YEARS)],
        "dimension": {
            "Region": {
                "label": "region",
                "category": {
                    "index": {code: i for i, code in enumerate(regions)},
                    "label": labels,
                },
                "extension": {"show": "value"},
            },
            "Alder": {
                "label": "ålder",
                "category": {"index": {"tot": 0}, "label": {"tot": "totalt ålder"}},
                "extension": {"show": "value"},
            },
            "Kon": sex_dimension(TAB638_SEXES),
            "ContentsCode": population_contents("BE0101N1"),
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
                "stub": ["Region", "Alder", "Kon"],
                "matrix": "BefolkningNy",
                "subject-code": "BE",
                "subject-area": "Befolkning",
            },
            "asfetl": {"sample": True, "real_years": [2023, 2024]},
        },
        "value": values,
    }
