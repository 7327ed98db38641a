"""Plain-text rendering for the command line: aligned tables and readable numbers."""

import math
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # pandas loads only when a table is printed: `asfetl run` starts without it
    import pandas as pd

from asfetl import localtime

SAMPLE_BANNER = (
    "SAMPLE DATA: this warehouse was built from the sample data shipped with asfetl "
    "(partly synthetic), not from the live sources. Do not use these figures as statistics."
)


STATUS_NOTES = {
    "suppressed": "<5 and ..: hidden to protect individuals and enterprises (<5: 1 to 4 people; "
    "..: fewer than 3 enterprises behind the figure, one above 85 %, hidden so that another "
    "hidden value cannot be worked out, or built on a hidden figure; the suppression_reason "
    "column of --format csv or json says which).",
    "missing": "An empty value with status missing: the publisher has no value for that year, "
    "or (ASF figures) enterprises expected to report for the area have not: not reported is "
    "not 0.",
    "preliminary": "preliminary: not final yet: the year's enterprise reports are not yet due "
    "or fewer of them are in than the threshold (asf_report_coverage), or built on the latest "
    "published population, not yet that year's.",
}


SPLIT_COLUMNS = ("value_women", "value_men")  # in the unit of the row's value


def format_value(
    value: object, status: str | None = None, unit: str | None = None, disclosure: str | None = None
) -> str:
    """A value as people read it: suppressed counts of people (the catalogue's disclosure kind
    'people') as <5, other hidden values as .., percentages with one decimal."""
    import pandas as pd

    if status == "suppressed":
        return "<5" if disclosure == "people" else ".."
    if (
        value is None
        or value is pd.NA
        or value is pd.NaT
        or (isinstance(value, float) and math.isnan(value))
    ):
        return ""
    if isinstance(value, float):
        if unit == "%":
            return f"{value:.1f}"
        return f"{value:.0f}" if value.is_integer() else f"{value:.2f}"
    if isinstance(value, datetime | pd.Timestamp):
        return localtime.local(value)
    return str(value)


def table(
    frame: "pd.DataFrame",
    columns: Sequence[str] | None = None,
    right: Sequence[str] | None = None,
) -> str:
    """An aligned text table; numbers (and the columns named in `right`) right-aligned,
    suppressed values shown as <5 or .. (by the row's `disclosure`, when the frame has one)."""
    columns = list(columns or frame.columns)
    cells = [
        [
            format_value(row[c], row.get("status"), row.get("unit"), row.get("disclosure"))
            if c == "value"
            else format_value(row[c], None, row.get("unit"))
            if c in SPLIT_COLUMNS
            else format_value(row[c])
            for c in columns
        ]
        for _, row in frame.iterrows()
    ]
    widths = [max([len(c), *(len(r[i]) for r in cells)]) for i, c in enumerate(columns)]
    from pandas.api.types import is_numeric_dtype

    numeric = [is_numeric_dtype(frame[c]) or c in (right or ()) for c in columns]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v.rjust(w) if num else v.ljust(w)
            for v, w, num in zip(values, widths, numeric, strict=True)
        ).rstrip()

    return "\n".join([line(columns), line(["-" * w for w in widths]), *map(line, cells)])
