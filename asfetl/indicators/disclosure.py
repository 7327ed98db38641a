"""Disclosure control for published cells: small person counts, secondary suppression, and the
threshold and dominance rules for enterprise financials.

Cells are (indicator, area, year), each of a disclosure kind (the catalogue's `disclosure`
column, sql/seeds/indicators.csv). Counts of people of 1–4 are suppressed ("<5"), and so is
a count of people that fewer than 3 enterprises make up (it would be one enterprise's reported
staff, or tell each of two the other's). Money cells are suppressed when fewer than 3
enterprises make them up or the largest is over 85 % of the total. Because a parent (county,
country) is the exact sum of its children, a lone suppressed child could be recovered as parent
minus the others: secondary suppression then hides the smallest other non-zero child too.
Rates are decided by the caller from their parts.
"""

from collections.abc import Iterable
from dataclasses import dataclass

SMALL_COUNT_MAX = 4
MIN_ENTERPRISES = 3
DOMINANCE_SHARE = 0.85

# The disclosure kinds of the catalogue. people: a count of people (1–4 hidden, shown as <5);
# money: a sum of the enterprises' money (threshold and dominance, shown as ..); rate: a ratio,
# hidden when a part is (decided by the SQL that builds it); none: no disclosure control.
KINDS = ("people", "money", "rate", "none")
CONTROLLED = ("people", "money")  # the kinds protect() decides on, cell by cell

# The Python model: the restricted cells in, the same cells with their verdicts out.
CELLS_TABLE = "restricted.asf_cells"
PROTECTED_TABLE = "restricted.asf_cells_protected"


@dataclass
class Cell:
    indicator_id: str
    area_code: str
    parent_code: str | None  # the area this one adds up into (None for the top)
    year: int
    value: float | None
    disclosure: str  # one of KINDS
    enterprises: int = 0
    largest: float = 0.0  # the largest single enterprise's contribution
    suppressed: bool = False
    reason: str | None = None  # 'small_count' | 'few_enterprises' | 'dominance' | 'secondary'


def shown_kind(disclosure: str, reason: str | None) -> str:
    """The disclosure kind a hidden value is shown by: a count of people hidden for any reason
    but being 1–4 (fewer than 3 enterprises, secondary) is shown as .., never as a false <5.
    A warehouse without suppression_reason (NULL) keeps the catalogue's kind."""
    if disclosure == "people" and reason is not None and reason == reason and reason != "primary":
        return "money"  # shown as ..
    return disclosure


def primary(cell: Cell) -> str | None:
    """Why the cell itself must be hidden, or None."""
    if cell.value is None:
        return None
    if cell.disclosure == "people" and 0 < cell.value <= SMALL_COUNT_MAX:
        return "small_count"
    # enterprises = 0 only in a cell no report contributes to (a hand-made one in tests)
    if cell.disclosure == "people" and cell.value > 0 and 0 < cell.enterprises < MIN_ENTERPRISES:
        return "few_enterprises"
    if cell.disclosure == "money" and cell.value > 0:
        if cell.enterprises < MIN_ENTERPRISES:
            return "few_enterprises"
        if cell.largest > DOMINANCE_SHARE * cell.value:
            return "dominance"
    return None


def protect(cells: Iterable[Cell]) -> list[Cell]:
    """Mark every cell that must not be published: primary rules, then secondary suppression
    until no group (a parent and its children, per indicator and year) has exactly one hidden
    member — a single hidden member is the difference of the published ones."""
    cells = list(cells)
    for cell in cells:
        if cell.disclosure not in KINDS or cell.disclosure == "rate":
            raise ValueError(
                f"Cell {cell.indicator_id} has disclosure kind {cell.disclosure!r}; cells are "
                f"people, money or none (rates are decided from their parts)."
            )
        if cell.disclosure in CONTROLLED:
            reason = primary(cell)
            if reason:
                cell.suppressed, cell.reason = True, reason
    groups: dict[tuple, list[Cell]] = {}
    by_key = {(c.indicator_id, c.year, c.area_code): c for c in cells}
    for cell in cells:
        if cell.parent_code is not None and cell.disclosure in CONTROLLED:
            groups.setdefault((cell.indicator_id, cell.year, cell.parent_code), []).append(cell)
    changed = True
    while changed:  # hiding one cell can expose another group: repeat until stable
        changed = False
        for (indicator, year, parent_code), children in groups.items():
            parent = by_key.get((indicator, year, parent_code))
            members = [*children, *([parent] if parent else [])]
            hidden = [c for c in members if c.suppressed]
            if not _exposed(hidden, parent):
                continue
            candidates = [c for c in members if not c.suppressed and c.value]
            if not candidates:
                continue
            # prefer a child: hiding the parent would lose the county's total
            pick = min(candidates, key=lambda c: (c is parent, c.value, c.area_code))
            pick.suppressed, pick.reason = True, "secondary"
            changed = True
    return cells


def _exposed(hidden: list[Cell], parent: Cell | None) -> bool:
    """Whether a reader could pin down a hidden cell of this group from what is published.

    One hidden member is the difference of the others. Several hidden small counts (each known
    to be 1–4) are pinned down when their total is the least or the most they could add up to.
    """
    if len(hidden) == 1:
        return True
    if not hidden or any(c.reason != "small_count" for c in hidden):
        return False
    if parent is None or parent.suppressed:
        return False  # their total is not published
    total = sum(c.value for c in hidden if c is not parent)
    children = [c for c in hidden if c is not parent]
    return total in (len(children), SMALL_COUNT_MAX * len(children))


def protect_table(con, source: str = CELLS_TABLE, target: str = PROTECTED_TABLE) -> int:
    """Apply `protect` to every cell of `source` and write the verdicts to `target`."""
    rows = con.execute(
        f"select indicator_id, area_code, parent_code, year, value, disclosure, enterprises, "
        f"largest "
        f"from {source}"
    ).fetchall()
    cells = protect(Cell(*row) for row in rows)
    con.execute(
        f"""
        create or replace table {target} as
        with verdicts as (
            select unnest($ids) as indicator_id, unnest($areas) as area_code,
                   unnest($years) as year, unnest($hidden) as suppressed,
                   unnest($reasons) as reason
        )
        select source.*, verdicts.suppressed, verdicts.reason
        from {source} as source
        inner join verdicts using (indicator_id, area_code, year)
        """,
        {
            "ids": [c.indicator_id for c in cells],
            "areas": [c.area_code for c in cells],
            "years": [c.year for c in cells],
            "hidden": [c.suppressed for c in cells],
            "reasons": [c.reason for c in cells],
        },
    )
    return len(cells)
