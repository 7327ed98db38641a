"""A deterministic generator of realistic, clearly synthetic enterprise reports (every name says
EXEMPEL), in every file variant the readers accept: used by --sample, the tests and benchmarks."""

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
from asfetl.reports.schema import COLUMNS

TRADES = ("Kafé", "Städ & Flytt", "Fastighetsskötsel", "Second hand", "Catering", "Snickeri",
          "Tvätteri", "Trädgård", "Cykelverkstad", "Återbruk")  # fmt: skip
PLACES = ("Linden", "Björken", "Ängen", "Hamnen", "Torget", "Kvarnen", "Eken", "Solrosen")
LEGAL_FORMS = (  # (form, share, first digit of its organisationsnummer, name suffix)
    ("ekonomisk_forening", 0.64, "7", "ek. för."),
    ("ideell_forening", 0.24, "8", "ideell förening"),
    ("aktiebolag", 0.10, "5", "AB (svb)"),
    ("stiftelse", 0.02, "8", "stiftelse"),
)
ENGLISH = {c.name: c.alias for c in COLUMNS}


@dataclass(frozen=True)
class SampleEnterprise:
    orgnr: str
    name: str
    legal_form: str
    municipality: str


def _orgnr(rng: random.Random, first: str, taken: set[str]) -> str:
    while True:
        nine = (
            first
            + str(rng.randint(0, 9))
            + str(rng.randint(2, 9))
            + f"{rng.randint(0, 999999):06d}"
        )
        check = next(d for d in "0123456789" if luhn_valid(nine + d))
        number = f"{nine[:6]}-{nine[6:]}{check}"
        if number not in taken:
            taken.add(number)
            return number


def _municipalities(count: int, region: str, rng: random.Random) -> list[str]:
    """Mostly the largest municipality, a few elsewhere; one place with 1, one with 2 (small
    cells matter for disclosure control)."""
    codes = [m.code for m in geography.municipalities(region)]
    if len(codes) < 3 or count < 6:
        return [codes[i % len(codes)] for i in range(count)]
    largest = "1880" if region == "18" else codes[0]
    others = [c for c in codes if c != largest]
    single, pair = others[0], others[1]
    rest = others[2:]
    chosen = [single, pair, pair]
    while len(chosen) < count:
        chosen.append(largest if rng.random() < 0.45 or not rest else rng.choice(rest))
    return chosen[:count]


def sample_enterprises(count: int, *, region: str = "18", seed: int = 0) -> list[SampleEnterprise]:
    rng = random.Random(f"enterprises-{seed}-{region}")
    taken: set[str] = set()
    places = _municipalities(count, region, rng)
    enterprises = []
    for i in range(count):
        form, _, digit, suffix = rng.choices(LEGAL_FORMS, weights=[f[1] for f in LEGAL_FORMS])[0]
        name = f"EXEMPEL {TRADES[i % len(TRADES)]} {PLACES[(i // len(TRADES)) % len(PLACES)]}"
        name += f" {i + 1} {suffix}"
        enterprises.append(SampleEnterprise(_orgnr(rng, digit, taken), name, form, places[i]))
    return enterprises


def sample_rows(
    enterprises: Sequence[SampleEnterprise], years: Iterable[int], *, seed: int = 0
) -> list[dict[str, object]]:
    """One row per enterprise and year, obeying every cross rule, changing modestly each year."""
    rows = []
    for enterprise in enterprises:
        rng = random.Random(f"rows-{seed}-{enterprise.orgnr}")
        employees = rng.randint(2, 40)
        participants = rng.randint(0, 40)
        turnover = rng.uniform(0.3e6, 25e6)
        for year in sorted(years):
            employees = max(1, round(employees * rng.uniform(0.8, 1.25)))
            target = round(employees * rng.uniform(0.4, 0.8))
            participants = max(0, round(participants * rng.uniform(0.8, 1.25)))
            transitions = round((participants + target) * rng.uniform(0.05, 0.3))
            to_work = round(transitions * rng.uniform(0.5, 0.9))
            turnover = turnover * rng.uniform(0.85, 1.2)
            public = rng.randint(0, 8)
            rows.append({
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
                "omsattning_sek": round(turnover, 2 if rng.random() < 0.3 else 0),
                "forsaljning_sek": round(turnover * rng.uniform(0.4, 0.9)),
                "offentliga_avtal": public,
                "reserverade_avtal": rng.randint(0, public),
            })  # fmt: skip
    return rows


def _swedish_number(value: object, thousands: str) -> str:
    """As Swedish Excel writes it: decimal comma, grouped thousands."""
    if isinstance(value, float) and not value.is_integer():
        whole, decimals = f"{value:,.2f}".split(".")
        return whole.replace(",", thousands) + "," + decimals
    if isinstance(value, int | float):
        return f"{int(value):,}".replace(",", thousands)
    return str(value)


def _write_csv_swedish(path: Path, rows: list[dict], headers: list[str], variant: int) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(headers)
    thousands = " " if variant % 2 else "\u00a0"
    for row in rows:
        writer.writerow([_swedish_number(row[c.name], thousands) for c in COLUMNS])
    path.write_bytes(buffer.getvalue().encode("cp1252"))


def _write_csv_utf8(path: Path, rows: list[dict], headers: list[str]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=",")
        writer.writerow(headers)
        writer.writerows([[row[c.name] for c in COLUMNS] for row in rows])


def _write_xlsx(path: Path, rows: list[dict], headers: list[str], variant: int) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Rapport"
    sheet.append(headers)
    for i, row in enumerate(rows):
        cells = [row[c.name] for c in COLUMNS]
        if (i + variant) % 3 == 0:  # numbers stored as text, as spreadsheets often have them
            cells = [str(v) if isinstance(v, int | float) else v for v in cells]
        sheet.append(cells)
    workbook.save(path)
    _without_timestamps(path)


def _without_timestamps(path: Path) -> None:
    """openpyxl stamps the time of saving into the workbook: fix it, so that the same reports
    are the same bytes (and a rerun of --sample recognises them as already received)."""
    stamped = path.read_bytes()
    fixed = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(stamped)) as source,
        zipfile.ZipFile(fixed, "w", zipfile.ZIP_DEFLATED) as target,
    ):
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                content = re.sub(
                    rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", b"2025-01-01T00:00:00Z", content
                )
            entry = zipfile.ZipInfo(item.filename, date_time=(2025, 1, 1, 0, 0, 0))
            target.writestr(entry, content, zipfile.ZIP_DEFLATED)
    path.write_bytes(fixed.getvalue())


def _headers(variant: int) -> list[str]:
    """Mostly canonical headers; some files use the English aliases or odd case and spacing."""
    if variant % 4 == 1:
        return [ENGLISH[c.name] for c in COLUMNS]
    if variant % 4 == 3:
        return [
            c.label_sv if c.name in ("rapportar", "kommunkod") else c.name.upper() for c in COLUMNS
        ]
    return [c.name for c in COLUMNS]


def write_sample_reports(
    folder: Path,
    *,
    enterprises: int = 24,
    years: Iterable[int] = (2022, 2023, 2024),
    files: int | None = None,
    region: str = "18",
    seed: int = 0,
    formats: Sequence[str] = ("csv", "xlsx", "json"),
) -> list[Path]:
    """Write the reports; files=None gives one file per enterprise and year."""
    folder.mkdir(parents=True, exist_ok=True)
    rows = sample_rows(sample_enterprises(enterprises, region=region, seed=seed), years, seed=seed)
    count = len(rows) if files is None else max(1, min(files, len(rows)))
    batches = [rows[i::count] for i in range(count)]
    paths = []
    for i, batch in enumerate(batches):
        kinds = [
            k for k in ("csv", "csv_utf8", "xlsx", "json") if k.removesuffix("_utf8") in formats
        ]
        kind = kinds[i % len(kinds)]
        suffix = "xlsx" if kind == "xlsx" else "json" if kind == "json" else "csv"
        path = folder / f"sample_{i + 1:04d}.{suffix}"
        headers = _headers(i)
        if kind == "csv":
            _write_csv_swedish(path, batch, headers, i)
        elif kind == "csv_utf8":
            _write_csv_utf8(path, batch, headers)
        elif kind == "xlsx":
            _write_xlsx(path, batch, headers, i)
        else:
            document = [
                {h: row[c.name] for h, c in zip(headers, COLUMNS, strict=True)} for row in batch
            ]
            path.write_text(json.dumps(document, ensure_ascii=False, indent=1), encoding="utf-8")
        paths.append(path)
    return paths
