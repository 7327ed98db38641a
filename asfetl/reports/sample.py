"""A deterministic generator of realistic, clearly synthetic enterprise reports in every file variant."""

import csv
import io
import json
import random
import re
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import openpyxl

from asfetl import geography
from asfetl.reports.identifiers import luhn_valid
from asfetl.reports.schema import COLUMNS, fold_header

MARK = "EXEMPEL"  # in every name, so a sample row can never pass for a real enterprise
TRADES = ("Kafé", "Städ & Flytt", "Fastighetsskötsel", "Second hand", "Catering", "Snickeri",
          "Tvätteri", "Trädgård", "Flytthjälp", "Städservice", "Återbruk", "Cykelverkstad")  # fmt: skip
PLACES = ("Linden", "Björken", "Ängen", "Hamnen", "Torget", "Kvarnen", "Eken", "Solrosen", "Åsen")
# form: (share of ASF, the first digit of its organisationsnummer, how its names end).
# Shares are the national figures for 2017; the last percent is split between the rare forms.
LEGAL_FORMS = {
    "ekonomisk_forening": (0.64, "7", "ek. för."),
    "ideell_forening": (0.24, "8", "ideell förening"),
    "aktiebolag": (0.11, "5", "AB"),
    "stiftelse": (0.005, "8", "stiftelse"),
    "annan": (0.005, "9", "HB"),
}
FORMATS = ("csv", "xlsx", "json")
# File variants in rotation; 'csv' is Swedish Excel's own, 'csv_utf8' what other tools write.
KINDS = ("csv", "csv_utf8", "xlsx", "json")
HEADER_STYLES = ("canonical", "english", "canonical", "odd")  # mostly the canonical names
FIXED_TIME = (2025, 1, 1, 0, 0, 0)
STAMP = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # created/modified in docProps/core.xml


@dataclass(frozen=True)
class SampleEnterprise:
    orgnr: str
    name: str
    legal_form: str
    municipality: str


def _apportion(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split total by weight, largest remainders first: shares as close as whole numbers allow."""
    whole = sum(weights.values())
    exact = {key: total * weight / whole for key, weight in weights.items()}
    counts = {key: int(value) for key, value in exact.items()}
    by_remainder = sorted(weights, key=lambda k: (-(exact[k] - counts[k]), -weights[k]))
    for key in by_remainder[: total - sum(counts.values())]:
        counts[key] += 1
    return counts


def _spread(counts: dict[str, int], rng: random.Random) -> list[str]:
    items = [key for key, n in counts.items() for _ in range(n)]
    rng.shuffle(items)
    return items


def _orgnr(rng: random.Random, first: str, taken: set[str]) -> str:
    while True:
        # The third digit ≥ 2 marks a legal entity (a personnummer's month is at most 12).
        nine = f"{first}{rng.randint(0, 9)}{rng.randint(2, 9)}{rng.randint(0, 999999):06d}"
        check = next(d for d in "0123456789" if luhn_valid(nine + d))
        number = f"{nine[:6]}-{nine[6:]}{check}"
        if number not in taken:
            taken.add(number)
            return number


def _municipality_counts(count: int, region: str, rng: random.Random) -> dict[str, int]:
    """Enterprises per municipality: most in the county seat, a few in the towns, and (from
    24 enterprises on) one municipality with exactly 1 and one with exactly 2, because small
    cells are what disclosure control has to handle."""
    codes = [m.code for m in geography.municipalities(region)]
    # SCB gives the residence city a code ending in 80 (1880 Örebro) and former towns 81-89:
    # areas.csv has no population, and this ordering is what the weights need.
    seat = next((c for c in codes if c.endswith("80")), codes[0])
    weights = {c: 8.0 if c == seat else 2.0 if c[2] == "8" else 1.0 for c in codes}
    fixed: dict[str, int] = {}
    rural = [c for c in codes if weights[c] == 1.0]
    if count >= 24 and len(rural) >= 2:
        single, pair = rng.sample(rural, 2)
        fixed = {single: 1, pair: 2}
        for code in fixed:
            del weights[code]
    counts = _apportion(count - sum(fixed.values()), weights)
    return {**counts, **fixed}


def sample_enterprises(count: int, *, region: str = "18", seed: int = 0) -> list[SampleEnterprise]:
    """count enterprises with unique, valid organisationsnummer, in the region's municipalities."""
    rng = random.Random(f"enterprises-{seed}-{region}")
    forms = _spread(_apportion(count, {f: v[0] for f, v in LEGAL_FORMS.items()}), rng)
    places = _spread(_municipality_counts(count, region, rng), rng)
    taken: set[str] = set()
    enterprises = []
    for i in range(count):
        _, digit, suffix = LEGAL_FORMS[forms[i]]
        trade = TRADES[i % len(TRADES)]
        place = PLACES[(i // len(TRADES)) % len(PLACES)]
        lap = i // (len(TRADES) * len(PLACES))  # a number only once the names run out
        name = f"{MARK} {trade} {place}{f' {lap + 1}' if lap else ''} {suffix}"
        enterprises.append(SampleEnterprise(_orgnr(rng, digit, taken), name, forms[i], places[i]))
    return enterprises


def _step(rng: random.Random, value: int, low: int, high: int) -> int:
    """Next year's count: at most a quarter (or one) away from this year's, within [low, high]."""
    delta = int(value * rng.uniform(-0.2, 0.2))
    if delta == 0 and rng.random() < 0.3:
        delta = rng.choice((-1, 1))
    return min(high, max(low, value + delta))


def _money(rng: random.Random, amount: float) -> int | float:
    # Most reports give whole kronor; some carry öre, as bookkeeping exports do.
    return round(amount, 2) if rng.random() < 0.3 else round(amount)


def sample_rows(
    enterprises: Iterable[SampleEnterprise], years: Iterable[int], *, seed: int = 0
) -> list[dict[str, object]]:
    """One row per enterprise and year, obeying every cross rule, changing modestly each year."""
    years = sorted(set(years))
    rows = []
    for enterprise in enterprises:
        rng = random.Random(f"rows-{seed}-{enterprise.orgnr}")
        employees = rng.randint(2, 40)
        target_share = rng.uniform(0.4, 0.8)
        participants = 0 if rng.random() < 0.05 else rng.randint(2, 40)
        turnover = min(25e6, max(0.3e6, employees * rng.uniform(0.25, 0.7) * 1e6))
        sales_share = rng.uniform(0.4, 0.9)
        public = rng.choice((0, 0, 1, 1, 2, 2, 3, 4, 5, 6, 8))
        reserved = round(public * rng.uniform(0, 0.5))  # reserved procurements are rare
        for index, year in enumerate(years):
            if index:
                employees = _step(rng, employees, 2, 40)
                participants = _step(rng, participants, 0, 40)
                turnover = min(25e6, max(0.3e6, turnover * rng.uniform(0.85, 1.2)))
                public = _step(rng, public, 0, 8)
                reserved = _step(rng, reserved, 0, public)
            target = min(employees, round(employees * target_share))
            transitions = min(participants + target, round(participants * rng.uniform(0.1, 0.3)))
            to_work = round(transitions * rng.uniform(0.5, 0.9))
            money = _money(rng, turnover)
            sales = min(money, _money(rng, money * sales_share * rng.uniform(0.95, 1.05)))
            values = {
                "organisationsnummer": enterprise.orgnr,
                "foretagsnamn": enterprise.name,
                "kommunkod": enterprise.municipality,
                "rapportar": year,
                "juridisk_form": enterprise.legal_form,
                "anstallda_totalt": employees,
                "anstallda_malgrupp": target,
                "deltagare": participants,
                "overgang_arbete": to_work,
                "overgang_studier": transitions - to_work,
                "omsattning_sek": money,
                "forsaljning_sek": sales,
                "offentliga_avtal": public,
                "reserverade_avtal": min(reserved, public),
            }
            # In schema order; a column added to the schema fails here until it gets a value.
            rows.append({c.name: values[c.name] for c in COLUMNS})
    return rows


def headers(style: str) -> list[str]:
    """The header row of one style; every style maps back through schema.canonical_header."""
    if style == "canonical":
        return [c.name for c in COLUMNS]
    if style == "english":
        return [c.alias for c in COLUMNS]
    odd = []
    for i, c in enumerate(COLUMNS):
        if fold_header(c.label_sv) == c.name:  # 'Rapportår', 'Anställda totalt'
            odd.append(f" {c.label_sv} " if i % 3 == 0 else c.label_sv)
        elif i % 2:
            odd.append(c.alias.replace("_", "-").title())  # 'Employees-Total'
        else:
            odd.append(c.name.upper().replace("_", " "))
    return odd


def _swedish_number(value: object, thousands: str) -> str:
    """As Swedish Excel writes it: decimal comma, grouped thousands."""
    if isinstance(value, float):
        whole, decimals = f"{value:,.2f}".split(".")
        return whole.replace(",", thousands) + "," + decimals
    if isinstance(value, int):
        return f"{value:,}".replace(",", thousands)
    return str(value)


def _write_csv_swedish(path: Path, rows: list[dict], header: list[str], thousands: str) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([_swedish_number(row[c.name], thousands) for c in COLUMNS])
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def _write_csv_utf8(path: Path, rows: list[dict], header: list[str]) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=",", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([[row[c.name] for c in COLUMNS] for row in rows])
    path.write_bytes(buffer.getvalue().encode("utf-8-sig"))


def _write_xlsx(path: Path, rows: list[dict], header: list[str], variant: int) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append(header)
    for i, row in enumerate(rows):
        cells = [row[c.name] for c in COLUMNS]
        if (i + variant) % 3 == 0:  # numbers stored as text, as pasted cells often are
            cells = [str(v) if isinstance(v, int | float) else v for v in cells]
        elif (i + variant) % 3 == 1:  # a code typed into a General cell becomes a number
            cells = [
                int(v) if c.kind == "municipality" else v
                for c, v in zip(COLUMNS, cells, strict=True)
            ]
        sheet.append(cells)
    workbook.save(path)
    _without_timestamps(path)


def _without_timestamps(path: Path) -> None:
    """openpyxl stamps the time of saving into the workbook: fix it, so that the same reports
    are the same bytes (and a rerun of --sample recognises them as already received)."""
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(path.read_bytes())) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = STAMP.sub(b"2025-01-01T00:00:00Z", content)
            target.writestr(
                zipfile.ZipInfo(item.filename, FIXED_TIME), content, zipfile.ZIP_DEFLATED
            )
    path.write_bytes(fixed.getvalue())


def _write_json(path: Path, rows: list[dict], header: list[str]) -> None:
    document = [{h: row[c.name] for h, c in zip(header, COLUMNS, strict=True)} for row in rows]
    path.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


def write_sample_reports(
    folder: Path,
    *,
    enterprises: int = 24,
    years: Iterable[int] = (2022, 2023, 2024),
    files: int | None = None,
    region: str = "18",
    seed: int = 0,
    formats: Sequence[str] = FORMATS,
) -> list[Path]:
    """Write the reports; files=None gives one file per enterprise and year, else the rows go
    round-robin into that many files. File variants rotate so every one occurs."""
    unknown = set(formats) - set(FORMATS)
    if unknown or not formats:
        raise ValueError(f"formats must be some of {', '.join(FORMATS)}, not {sorted(unknown)}")
    if files is not None and files < 1:
        raise ValueError(f"files must be at least 1 (or None for one file per row), not {files}")
    kinds = [k for k in KINDS if k.removesuffix("_utf8") in formats]
    folder.mkdir(parents=True, exist_ok=True)
    rows = sample_rows(sample_enterprises(enterprises, region=region, seed=seed), years, seed=seed)
    count = len(rows) if files is None else min(files, len(rows))  # never an empty file
    paths = []
    for i in range(count):
        batch = rows[i::count]
        # Each kind meets every header style and both thousands separators in turn.
        kind, lap = kinds[i % len(kinds)], i // len(kinds)
        style = HEADER_STYLES[(lap + i % len(kinds)) % len(HEADER_STYLES)]
        suffix = "csv" if kind.startswith("csv") else kind
        name = f"rapport_{batch[0]['rapportar']}_{batch[0]['organisationsnummer']}"
        path = folder / f"{name if files is None else f'sample_{i + 1:04d}'}.{suffix}"
        header = headers(style)
        if kind == "csv":
            _write_csv_swedish(path, batch, header, "\u00a0" if lap % 2 == 0 else " ")
        elif kind == "csv_utf8":
            _write_csv_utf8(path, batch, header)
        elif kind == "xlsx":
            _write_xlsx(path, batch, header, i)
        else:
            _write_json(path, batch, header)
        paths.append(path)
    return paths
