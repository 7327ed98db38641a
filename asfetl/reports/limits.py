"""How much work one submitted file may cause: the budgets, stated once, and the clock that keeps them."""

import time
from dataclasses import dataclass

MAX_REPORT_BYTES = 20 * 1024 * 1024  # default of ASFETL_REPORT_MAX_BYTES: 20 MB on disk
MAX_UNPACKED_BYTES = 50 * 1024 * 1024  # ASFETL_REPORT_MAX_UNPACKED_BYTES: an xlsx's XML, unpacked
MAX_CELLS = 200_000  # ASFETL_REPORT_MAX_CELLS: cells (and stored texts) in the whole file
MAX_ROWS = 100_000  # ASFETL_REPORT_MAX_ROWS: rows of any sheet, CSV records or JSON items
MAX_SHEETS = 50  # ASFETL_REPORT_MAX_SHEETS: worksheets in a workbook
MAX_SECONDS = 20.0  # ASFETL_REPORT_MAX_SECONDS: wall time to read one file


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
