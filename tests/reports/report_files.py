"""Helpers for report tests: valid rows from the sample generator, written as the tests need."""

import csv
import json
from pathlib import Path

from asfetl.reports.sample import sample_enterprises, sample_rows
from asfetl.reports.schema import COLUMNS

HEADERS = [c.name for c in COLUMNS]


def luhn_digit(nine: str) -> str:
    total = 0
    for i, ch in enumerate(nine):
        d = int(ch) * (2 if i % 2 == 0 else 1)
        total += d - 9 if d > 9 else d
    return str((10 - total % 10) % 10)


def personnummer(date: str = "811218", serial: str = "987") -> str:
    """A valid personnummer (YYMMDD-NNNN) built for the test."""
    return f"{date}-{serial}{luhn_digit(date[-6:] + serial)}"


def valid_rows(enterprises: int = 3, years=(2024,)) -> list[dict]:
    return sample_rows(sample_enterprises(enterprises), years)


def write_csv(path: Path, rows: list[dict], *, sep: str = ";", encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as f:
        writer = csv.writer(f, delimiter=sep)
        writer.writerow(HEADERS)
        for row in rows:
            writer.writerow([row[h] for h in HEADERS])
    return path


def write_json(path: Path, rows: list[dict]) -> Path:
    path.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    return path
