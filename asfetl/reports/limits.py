"""How much work one submitted file may cause: the budgets, stated once, and the clock that keeps them."""

import time
from dataclasses import dataclass

from asfetl.settings.reports import (  # the defaults, which the settings state
    MAX_CELLS,
    MAX_REPORT_BYTES,
    MAX_ROWS,
    MAX_SECONDS,
    MAX_SHEETS,
    MAX_UNPACKED_BYTES,
    ReportSettings,
)


class OverBudget(Exception):
    """A file needs more than its budget allows; `what` names the budget (a BUDGET_NAMES key)."""

    def __init__(self, what: str):
        super().__init__(what)
        self.what = what


@dataclass(frozen=True)
class Budget:
    """The most one file may unpack to, hold and take to read; a file over any is rejected."""

    max_bytes: int = MAX_REPORT_BYTES
    max_unpacked_bytes: int = MAX_UNPACKED_BYTES
    max_cells: int = MAX_CELLS
    max_rows: int = MAX_ROWS
    max_sheets: int = MAX_SHEETS
    max_seconds: float = MAX_SECONDS

    @classmethod
    def of(cls, settings: ReportSettings) -> "Budget":
        """The most one submitted file may cost to read under these settings (ASFETL_REPORT_MAX_*)."""
        return cls(
            max_bytes=settings.report_max_bytes,
            max_unpacked_bytes=settings.report_max_unpacked_bytes,
            max_cells=settings.report_max_cells,
            max_rows=settings.report_max_rows,
            max_sheets=settings.report_max_sheets,
            max_seconds=settings.report_max_seconds,
        )

    def clock(self) -> "Clock":
        return Clock(self)


class Clock:
    """Counts a file's cells and rows and its time as it is read; raises OverBudget past any."""

    def __init__(self, budget: Budget):
        self.budget = budget
        self.deadline = time.monotonic() + budget.max_seconds
        self.cells = 0
        self.rows = 0

    def cell(self, n: int = 1) -> None:
        self.cells += n
        if self.cells > self.budget.max_cells:
            raise OverBudget("cells")
        if self.cells % 4096 < n:
            self.tick()

    def row(self, n: int = 1) -> None:
        self.rows += n
        if self.rows > self.budget.max_rows:
            raise OverBudget("rows")
        if self.rows % 1024 < n:
            self.tick()

    def tick(self) -> None:
        if time.monotonic() > self.deadline:
            raise OverBudget("seconds")
