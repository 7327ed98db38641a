"""The settings of submitted files: each file's budgets, the inbox's patience, the reporting window."""

import math
from datetime import date

from pydantic import BaseModel, Field, field_validator

# The defaults of what one submitted file may cost to read (asfetl/reports/limits.py keeps them).
MAX_REPORT_BYTES = 20 * 1024 * 1024  # ASFETL_REPORT_MAX_BYTES: 20 MB on disk
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # ASFETL_REPORT_MAX_UNPACKED_BYTES: an xlsx's XML, unpacked
MAX_CELLS = 200_000  # ASFETL_REPORT_MAX_CELLS: cells (and stored texts) in the whole file
MAX_ROWS = 100_000  # ASFETL_REPORT_MAX_ROWS: rows of any sheet, CSV records or JSON items
MAX_SHEETS = 50  # ASFETL_REPORT_MAX_SHEETS: worksheets in a workbook
MAX_SECONDS = 20.0  # ASFETL_REPORT_MAX_SECONDS: wall time to read one file


class ReportSettings(BaseModel):
    """ASFETL_REPORT_MAX_* (what one file may cost to read), ASFETL_INBOX_SETTLE_SECONDS and the
    reporting window (ASFETL_REPORT_DUE, ASFETL_REPORT_COVERAGE_THRESHOLD, ASFETL_TODAY)."""

    report_max_bytes: int = Field(
        MAX_REPORT_BYTES, description="largest report file accepted, in bytes (default 20 MB)"
    )
    report_max_unpacked_bytes: int = Field(
        MAX_UNPACKED_BYTES,
        description="most bytes an xlsx may unpack to, by its archive's directory (default 50 MB)",
    )
    report_max_cells: int = Field(
        MAX_CELLS, description="most cells (and stored texts) one report file may hold"
    )
    report_max_rows: int = Field(MAX_ROWS, description="most rows one report file may hold")
    report_max_sheets: int = Field(
        MAX_SHEETS, description="most worksheets one report workbook may hold"
    )
    report_max_seconds: float = Field(
        MAX_SECONDS, description="most seconds reading one report file may take"
    )
    inbox_settle_seconds: float = Field(
        2, description="a report file whose size changes within this time is left for the next run"
    )
    # The reporting window: which years of the enterprises' reports are complete.
    report_due: str = Field(
        "03-31",
        description="MM-DD in year Y+1 by which the reports for year Y are due; until then Y is "
        "preliminary",
    )
    report_coverage_threshold: float = Field(
        80,
        description="% of the expected reports that must be in for a year past its due date to "
        "be final",
    )
    today: date | None = Field(
        None, description="the date the reporting window is judged at (default: today; for tests)"
    )

    # Validator names are unique across the settings classes: Settings inherits from this
    # one, and a method of the same name there would silently replace this one.
    @field_validator(
        "report_max_bytes",
        "report_max_unpacked_bytes",
        "report_max_cells",
        "report_max_rows",
        "report_max_sheets",
        "report_max_seconds",
    )
    @classmethod
    def _budget_is_positive(cls, value: float) -> float:
        if not (math.isfinite(value) and value > 0):
            raise ValueError("must be a number greater than 0 (a budget of 0 rejects every file)")
        return value

    @field_validator("inbox_settle_seconds")
    @classmethod
    def _settle_is_seconds(cls, value: float) -> float:
        if not (math.isfinite(value) and 0 <= value <= 3600):
            raise ValueError("must be a number of seconds from 0 to 3600")
        return value

    @field_validator("report_due")
    @classmethod
    def _is_month_day(cls, value: str) -> str:
        text = str(value).strip()
        try:
            month, day = (int(part) for part in text.split("-"))
            date(2001, month, day)  # not a leap year: 02-29 would be due on a day most years lack
        except ValueError:
            raise ValueError("must be a month and day as MM-DD, e.g. 03-31") from None
        return f"{month:02d}-{day:02d}"

    @field_validator("report_coverage_threshold")
    @classmethod
    def _is_percentage(cls, value: float) -> float:
        if not 0 <= value <= 100:
            raise ValueError("must be a percentage from 0 to 100")
        return value

    @property
    def reporting_date(self) -> date:
        """The day the reporting window is judged at."""
        return self.today or date.today()
