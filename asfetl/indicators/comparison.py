"""An area's indicator values beside its county's and Sweden's, each with the reason it has none.

A cell without a value says why, in the words the catalogue's readers use: a publisher's
indicator (open statistics: every value built from API payloads) that has no row at all for an area
of that level is "not published for municipalities / regions / Sweden by the source"; one that
has rows in other years is "missing" in this one; a figure of the region's own reports has no
Sweden beside a county ("the region's own reports only"), and one kept for the region as a whole
(the plan's activities) none for its municipalities ("for the region as a whole only").
Nothing here computes a value.
"""

from dataclasses import dataclass

import duckdb
import pandas as pd

from asfetl import geography
from asfetl.indicators import reading

MISSING = "missing"
NOT_PUBLISHED = {  # a publisher's indicator with no row for any area of this level
    "municipality": "not published for municipalities by the source",
    "county": "not published for regions by the source",
    "country": "not published for Sweden by the source",
}
REGION_ONLY = "the region's own reports only"  # an ASF or plan figure: no Sweden beside a county
WHOLE_REGION_ONLY = "for the region as a whole only"  # a plan figure: no municipality's own
SIDES = ("area", "county", "sweden")


@dataclass(frozen=True)
class Compared:
    """The rows (one per indicator and year) and which benchmark areas they carry."""

    rows: pd.DataFrame
    area: geography.Area
    county: geography.Area | None  # None when the area is a county or Sweden itself
    sweden: geography.Area | None  # None when the area is Sweden itself


def compare(
    con: duckdb.DuckDBPyConnection,
    area: geography.Area,
    indicator_id: str | None = None,
    year: int | None = None,
) -> Compared:
    """For each indicator and year the area, its county or Sweden has (with a year given: every
    published indicator of the catalogue), the three values side by side. Columns per side
    (area, county, sweden): <side>_value, <side>_status ('' without a row), <side>_note (the
    reason there is no value, '' when there is one); and indicator_id, year, unit,
    value_women, value_men (the area's split, where the publisher gives one)."""
    county = geography.area(area.county_code) if area.level == "municipality" else None
    sweden = None if area.code == geography.COUNTRY_CODE else geography.area(geography.COUNTRY_CODE)
    codes = {"area": area.code, "county": county and county.code, "sweden": sweden and sweden.code}
    wanted = [c for c in codes.values() if c]
    columns = ["indicator_id", "area_code", "year", "value", "status", "suppression_reason"]
    values = con.execute(
        f"""
        select {reading.value_columns(con, [*columns, "value_women", "value_men"])}
        from mart.indicator_values
        where area_code in (select unnest($codes))
          and ($indicator is null or indicator_id = $indicator)
        """,
        {"codes": wanted, "indicator": indicator_id},
    ).df()
    catalogue = con.execute(
        "select indicator_id, unit from mart.indicators where $i is null or indicator_id = $i",
        {"i": indicator_id},
    ).df()
    keys = values[["indicator_id", "year"]]
    if year is not None:
        every = catalogue[["indicator_id"]].assign(year=year)
        keys = pd.concat([keys[keys["year"] == year], every])
    keys = keys.astype({"year": "int64"}).drop_duplicates()
    rows = keys.sort_values(["indicator_id", "year"]).reset_index(drop=True)
    units = dict(zip(catalogue["indicator_id"], catalogue["unit"], strict=True))
    rows["unit"] = rows["indicator_id"].map(units)
    found = {(r.indicator_id, r.area_code, int(r.year)): r for r in values.itertuples(index=False)}
    has_rows = {(i, a) for i, a, _ in found}
    from_publisher = publisher_indicators(con)
    levels = {"area": area.level, "county": "county", "sweden": "country"}
    for side, code in codes.items():
        if not code:
            continue
        cells = [
            _cell(found.get((i, code, y)), (i, code) in has_rows, i in from_publisher,
                  levels[side], side)
            for i, y in zip(rows["indicator_id"], rows["year"], strict=True)
        ]  # fmt: skip
        # object columns: a value that is not there stays None, never NaN
        for field in ("value", "status", "note", "reason"):
            rows[f"{side}_{field}"] = pd.Series([c[field] for c in cells], dtype=object)
        if side == "area":
            rows["value_women"] = pd.Series([c["women"] for c in cells], dtype=object)
            rows["value_men"] = pd.Series([c["men"] for c in cells], dtype=object)
    return Compared(rows, area, county, sweden)


def _cell(
    row: object | None, has_rows: bool, from_publisher: bool, level: str, side: str
) -> dict[str, object]:
    """One area's cell: value, status ('' without a row), note (why no value, else ''),
    suppression reason, and the women's and men's values."""
    if row is not None:
        value = _number(row.value)
        shown = value is not None or row.status == "suppressed"
        return {
            "value": value,
            "status": row.status,
            "note": "" if shown else MISSING,
            "reason": None if pd.isna(row.suppression_reason) else row.suppression_reason,
            "women": _number(row.value_women),
            "men": _number(row.value_men),
        }
    if has_rows:
        note = MISSING  # the area has this indicator, not in this year
    elif from_publisher:
        note = NOT_PUBLISHED[level]
    elif side == "sweden":
        note = REGION_ONLY
    else:
        note = WHOLE_REGION_ONLY  # the region's own figure that no area of this level has
    return {"value": None, "status": "", "note": note, "reason": None, "women": None, "men": None}


def _number(value: object) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def is_published(con: duckdb.DuckDBPyConnection, area_code: str) -> bool:
    """Whether the warehouse publishes any value of this area (one of its run's areas)."""
    return con.execute(
        "select exists (select 1 from mart.indicator_values where area_code = ?)", [area_code]
    ).fetchone()[0]


# The indicators a publisher sends (the open statistics): every value built from API payloads
# only (mart.value_lineage), none from a submitted report or the plan's follow-up.
PUBLISHER_INDICATORS_SQL = """
    select indicator_id
    from mart.value_lineage
    group by indicator_id
    having bool_and(source_kind = 'payload')
    order by indicator_id
"""


def publisher_indicators(con: duckdb.DuckDBPyConnection) -> set[str]:
    """The indicators a publisher sends: see PUBLISHER_INDICATORS_SQL."""
    return {r[0] for r in con.execute(PUBLISHER_INDICATORS_SQL).fetchall()}
