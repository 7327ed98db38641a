"""The reporting window: when a year's reports are due, and the enterprises marked as ceased.

Reports for year Y are due by a day of year Y+1 (`ASFETL_REPORT_DUE`, MM-DD). Until that day has
passed, and after it while fewer than `ASFETL_REPORT_COVERAGE_THRESHOLD` % of the expected reports
are in, the year is preliminary. The models read these values from `staging.seed_reporting` (one
row, written by transform) and the ceased enterprises from `staging.seed_ceased_enterprises`.
"""

import csv
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pandas as pd

from asfetl.errors import AsfetlError
from asfetl.reports.identifiers import normalise_orgnr, orgnr_problem

CEASED_COLUMNS = ("organisationsnummer", "from_year", "note")


@dataclass(frozen=True)
class ReportingWindow:
    due: str = "03-31"  # MM-DD of the year after the reported one
    coverage_threshold: float = 80.0  # % of the expected reports for a year to be final
    today: date | None = None  # None: the day it is asked

    def due_date(self, year: int) -> date:
        """The day the reports for `year` are due."""
        month, day = (int(part) for part in self.due.split("-"))
        return date(year + 1, month, day)

    @property
    def last_due_year(self) -> int:
        """The latest year whose reports were due before today."""
        today = self.today or date.today()
        year = today.year - 1
        return year if self.due_date(year) < today else year - 1

    def frame(self) -> pd.DataFrame:
        """The one row of staging.seed_reporting."""
        return pd.DataFrame(
            {
                "report_due": [self.due],
                "coverage_threshold": [float(self.coverage_threshold)],
                "last_due_year": [self.last_due_year],
                # the year the run judges at: a plan whose period has ended says so
                "as_of_year": [(self.today or date.today()).year],
            }
        )

    def fingerprint(self) -> str:
        """What of the window the models depend on: it changes twice a year (a new year, a due
        date passed), not every day."""
        as_of = (self.today or date.today()).year
        return f"{self.due}|{self.coverage_threshold}|{self.last_due_year}|{as_of}"


def read_ceased(path: Path | None) -> pd.DataFrame:
    """The enterprises marked as ceased: organisationsnummer (NNNNNN-NNNN), from_year (the first
    year no report is expected), note. A missing file is an empty list; a wrong one an error
    naming the file, row and column."""
    frame = pd.DataFrame({"orgnr": [], "from_year": [], "note": []}).astype(
        {"orgnr": "string", "from_year": "int64", "note": "string"}
    )
    if path is None or not path.is_file():
        return frame
    try:
        with path.open(encoding="utf-8-sig", newline="") as f:
            reader = csv.DictReader(f)
            header = [name.strip() for name in reader.fieldnames or []]
            missing = [c for c in CEASED_COLUMNS[:2] if c not in header]
            if missing:
                raise AsfetlError(
                    f"{path} has no column {missing[0]!r}; its header must be "
                    f"{','.join(CEASED_COLUMNS)}."
                )
            rows = []
            for number, row in enumerate(reader, start=2):
                row = {(k or "").strip(): (v or "").strip() for k, v in row.items()}
                rows.append(_ceased_row(path, number, row))
    except UnicodeDecodeError:
        raise AsfetlError(f"{path} is not UTF-8 text; save it as CSV UTF-8.") from None
    if rows:
        frame = pd.DataFrame(rows, columns=["orgnr", "from_year", "note"]).astype(frame.dtypes)
    return frame


def _ceased_row(path: Path, number: int, row: dict[str, str]) -> tuple[str, int, str]:
    orgnr = row.get("organisationsnummer", "")
    if orgnr_problem(orgnr):
        raise AsfetlError(
            # the value is not repeated: it could be a personnummer
            f"{path}, row {number}, column organisationsnummer: not a valid organisationsnummer; "
            "write the enterprise's number as NNNNNN-NNNN."
        )
    year = row.get("from_year", "")
    if not (year.isdigit() and 1990 <= int(year) <= 2100):
        raise AsfetlError(
            f"{path}, row {number}, column from_year: {year!r} is not a year; write the first "
            "year the enterprise no longer reports for, e.g. 2025."
        )
    return normalise_orgnr(orgnr), int(year), row.get("note", "")
