"""Disclosure control, checked on small cases worked out by hand."""

import itertools

from asfetl.indicators.disclosure import Cell, protect


def people(area, parent, value, indicator="asf_employees"):
    return Cell(indicator, area, parent, 2024, value, "people")


def hidden(cells):
    return {c.area_code: c.reason for c in cells if c.suppressed}


def test_counts_of_one_to_four_are_suppressed_and_zero_and_five_are_not():
    cells = protect([people("A", None, v) for v in (0, 1, 4, 5)])
    assert [c.suppressed for c in cells] == [False, True, True, False]


def test_a_lone_suppressed_municipality_gets_a_secondary_partner():
    # county 18 = 3 + 10 + 25 + 0: hiding only '1861' (3) would leave it as 38 - 10 - 25 - 0
    cells = protect([
        people("18", None, 38), people("1861", "18", 3), people("1880", "18", 25),
        people("1881", "18", 10), people("1882", "18", 0),
    ])  # fmt: skip
    assert hidden(cells) == {"1861": "small_count", "1881": "secondary"}  # 10: smallest non-zero


def test_two_small_counts_need_no_secondary():
    cells = protect([
        people("18", None, 40), people("1861", "18", 2), people("1862", "18", 3),
        people("1880", "18", 35),
    ])  # fmt: skip
    assert hidden(cells) == {"1861": "small_count", "1862": "small_count"}


def test_a_small_county_total_hides_its_only_nonzero_municipality():
    # county 3 = 3 + 0: county suppressed (small), then the municipality (also small)
    cells = protect([people("18", "00", 3), people("1861", "18", 3), people("1862", "18", 0)])
    assert set(hidden(cells)) == {"18", "1861"}


def test_financials_need_three_enterprises_and_no_dominant_one():
    def turnover(area, value, enterprises, largest):
        return Cell("asf_turnover_sek", area, None, 2024, value, "money", enterprises, largest)

    cells = protect([
        turnover("A", 9e6, 2, 5e6),   # two enterprises
        turnover("B", 10e6, 3, 9e6),  # one makes 90 %
        turnover("C", 10e6, 3, 8e6),  # 80 %: fine
        turnover("D", 0.0, 0, 0.0),   # nothing to protect
    ])  # fmt: skip
    assert hidden(cells) == {"A": "few_enterprises", "B": "dominance"}


def test_hidden_small_counts_at_their_least_total_get_a_partner():
    # 1 + 1 hidden, county 14 published: a reader knowing "<5" means 1–4 gets both as 1
    cells = protect([
        people("18", None, 14), people("1861", "18", 1), people("1862", "18", 1),
        people("1880", "18", 12),
    ])  # fmt: skip
    assert hidden(cells) == {"1861": "small_count", "1862": "small_count", "1880": "secondary"}


def feasible_values(cells, target):
    """Every value the target hidden cell could have, given what is published: the county total,
    the published municipalities, small counts 1–4 and other hidden cells 0 or more (≤ total)."""
    county = next(c for c in cells if c.parent_code is None)
    children = [c for c in cells if c.parent_code is not None]
    hidden = [c for c in children if c.suppressed]
    rest = county.value - sum(c.value for c in children if not c.suppressed)
    ranges = [range(1, 5) if c.reason == "small_count" else range(0, int(rest) + 1) for c in hidden]
    index = hidden.index(target)
    return {combo[index] for combo in itertools.product(*ranges) if sum(combo) == rest}


def test_no_suppressed_value_can_be_derived_from_what_is_published():
    """Brute force over four municipalities and every mix of small and larger counts."""
    for values in itertools.product((0, 1, 2, 4, 6, 11), repeat=4):
        cells = protect([
            people("18", None, sum(values)),
            *(people(f"18{i}", "18", v) for i, v in enumerate(values)),
        ])  # fmt: skip
        county = next(c for c in cells if c.area_code == "18")
        if county.suppressed:
            continue  # no total is published: nothing to subtract from
        for cell in cells:
            if cell.suppressed:
                assert len(feasible_values(cells, cell)) > 1, (values, cell.area_code)
