"""The value of each cell of the SCB imitation's tables, derived from the population model."""

from __future__ import annotations

from asfetl import geography

from .scb_population import (
    SEXES,
    SUPPRESSED,
    ckm_offset,
    model_population,
    model_population_by_sex,
)
from .scb_tables import Table, tables


def _share(table: Table, coords: dict[str, str]) -> float:
    share = 1.0
    for variable in table.variables:
        code = coords.get(variable.code)
        if code is not None and variable.shares:
            share *= variable.shares.get(code, 1.0)  # total codes (tot, SC, TotSA, TotSa) → 1
    return share


def _effective(table: Table, coords: dict[str, str]) -> dict[str, str]:
    """Eliminated variables stand for their total (so eliminating equals selecting the total)."""
    return {v.code: coords.get(v.code) or v.total or "" for v in table.variables}


def _stock(table: Table, coords: dict[str, str], year: int) -> int | None:
    region = coords["Region"]
    if (table.id, region, year) in SUPPRESSED:
        return None
    sex = coords.get("Kon")
    # men and women of the model add up to its total exactly (Kon itself has no share)
    by_sex = sex in SEXES
    total = model_population_by_sex(region, year, sex) if by_sex else model_population(region, year)
    share = _share(table, coords)
    value = total if share == 1.0 else round(total * share)
    if table.id == "TAB5557":
        key = "|".join([table.id, *(coords[v.code] for v in table.variables[:-1]), str(year)])
        value = max(0, value + ckm_offset(key))
    return value


def cell_value(table_id: str, coords: dict[str, str]) -> tuple[int | None, str | None]:
    """The value of one cell and its status symbol (None unless the value is null).

    `coords` maps variable code → value code; missing (eliminated) variables stand for totals.
    Region defaults to "00".
    """
    table = tables()[table_id]
    coords = _effective(table, coords)
    coords["Region"] = coords["Region"] or "00"
    year = int(coords["Tid"])
    if coords["ContentsCode"] == "BE0101N2":  # folkökning: the change since the year before
        if year <= 1968:
            return None, ".."
        now, before = _stock(table, coords, year), _stock(table, coords, year - 1)
        if now is None or before is None:
            return None, ".."
        return now - before, None
    value = _stock(table, coords, year)
    if value is None:
        return None, SUPPRESSED.get((table_id, coords["Region"], year), "..")
    return value, None


def population(table_id: str, region: str, year: int, sex: str | None = None) -> int | None:
    """Population of a region (all ages and marital statuses; both sexes, or SCB's Kon `sex`:
    "1" men, "2" women) as the table publishes it.

    TAB638 (1968–2024): counties are exact sums of their municipalities and 00 of the counties,
    and men + women is the total; TAB5557 (2025): each published cell (TotSa, 1, 2) carries its
    own −2..+2 noise. None when the table has no such cell or publishes it as null (TAB638,
    1864, 2016).
    """
    table = tables().get(table_id)
    if table is None or region not in geography.all_areas():
        return None
    if str(year) not in table.variable("Tid").values:
        return None
    contents = next(iter(table.variable("ContentsCode").values))
    coords = {"Region": region, "ContentsCode": contents, "Tid": str(year)}
    if sex is not None:
        coords["Kon"] = sex
    value, _ = cell_value(table_id, coords)
    return value
