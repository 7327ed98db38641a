"""What is set beside the region's own values: Sweden's rows, and women's and men's values."""

from typing import Any, NamedTuple

import pandas as pd

from asfetl import geography

Split = dict[tuple[str, int], tuple[float | None, float | None]]  # (area, year) -> (women, men)


class Benchmarks(NamedTuple):
    country: pd.DataFrame  # mart.indicator_values' rows of Sweden (none for the whole country)
    split: dict[str, Split]  # indicator_id -> its split by sex


def apart(values: pd.DataFrame, region_code: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The region's rows and Sweden's. Sweden is a benchmark beside a county, never one of its
    areas: kept apart from the rows every chart, table and the municipality chooser walk (a
    count of the whole country would set a county's axis). The whole country keeps its own."""
    if region_code == geography.COUNTRY_CODE:
        return values, values.iloc[0:0]
    is_country = (values.area_code == geography.COUNTRY_CODE) | (values.area_level == "country")
    return values[~is_country], values[is_country]


def split(frame: pd.DataFrame | None) -> dict[str, Split]:
    """indicator_id -> (area_code, year) -> (women, men), from the rows with either value; none
    while the warehouse has no value_women and value_men (before issue 26's pipeline)."""
    found: dict[str, Split] = {}
    if frame is None or not {"value_women", "value_men"} <= set(frame.columns):
        return found
    frame = frame[frame.value_women.notna() | frame.value_men.notna()]
    columns = (frame.indicator_id, frame.area_code, frame.year, frame.value_women, frame.value_men)
    for indicator_id, area, year, women, men in zip(*(c.tolist() for c in columns), strict=True):
        found.setdefault(indicator_id, {})[(str(area), int(year))] = (_num(women), _num(men))
    return found


def _num(value: Any) -> float | None:
    return None if value is None or value != value else float(value)  # NaN != NaN
