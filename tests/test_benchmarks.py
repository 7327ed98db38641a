"""Smoke tests of the benchmarks' own logic (the benchmarks themselves run with `make bench`)."""

from collections import Counter
from pathlib import Path

from asfetl.reports.identifiers import orgnr_problem
from asfetl.reports.readers import read_report
from benchmarks.country import (
    chunks,
    kolada_items_per_url,
    minimum_kolada_calls,
    minimum_kolada_metadata_calls,
    minimum_scb_calls,
    scb_cells,
)
from benchmarks.generator import write_reports
from benchmarks.measure import percentile
from benchmarks.results import Row, table_lines


def test_generator_writes_exactly_n_readable_files_of_every_kind(tmp_path: Path) -> None:
    paths = write_reports(tmp_path / "inbox", 9)
    assert len(paths) == 9 == len(list((tmp_path / "inbox").iterdir()))
    assert Counter(p.suffix for p in paths) == {".csv": 5, ".xlsx": 2, ".json": 2}
    orgnrs = set()
    for path in paths:
        read = read_report(path)
        assert read.file_format and not read.findings, (path.name, read.findings)
        assert len(read.frame) == 1
        orgnr = read.frame["organisationsnummer"].iloc[0]
        assert orgnr_problem(orgnr) is None
        orgnrs.add((orgnr, read.frame["rapportar"].iloc[0]))
    assert len(orgnrs) == 9  # every file a different enterprise and year


def test_minimum_calls_follow_the_published_limits() -> None:
    # config + (metadata + data) per table: the whole country fits one call per table ...
    assert minimum_scb_calls(150_000, {"TAB638": 3120, "TAB5557": 312}) == 5
    # ... and with 1,000 cells a call, 3,120 cells need 4 calls
    assert minimum_scb_calls(1000, {"TAB638": 3120, "TAB5557": 312}) == 8
    assert minimum_kolada_calls([1200] * 13) == 13
    assert minimum_kolada_calls([5000, 5001, 0]) == 1 + 2 + 1
    # the contract watch's KPI metadata: one call per 25 KPIs
    assert minimum_kolada_metadata_calls(["N1"] * 4) == 1
    assert minimum_kolada_metadata_calls(["N1"] * 26) == 2
    assert [len(c) for c in chunks([str(i) for i in range(312)])] == [25] * 12 + [12]


def test_whole_country_scb_cells_count_every_code_of_sex_and_keep_the_minimum() -> None:
    """Issue 26: population comes by sex in the same calls: TAB638's 312 regions × 10 years ×
    2 sexes (no code for both) and TAB5557's 312 × 1 year × 3 (men, women, TotSa), read from
    the imitation's /config and metadata as a client would. Still 5 calls at SCB's limit; with
    1,000 cells a call TAB638 needs 7 data calls instead of 4."""
    from tests.imitation import ScbImitation

    with ScbImitation() as scb:
        max_cells, cells = scb_cells(scb.url)
    assert (max_cells, cells) == (150_000, {"TAB638": 312 * 10 * 2, "TAB5557": 312 * 3})
    assert minimum_scb_calls(max_cells, cells) == 5
    assert minimum_scb_calls(1000, cells) == 1 + (1 + 7) + (1 + 1)


def test_whole_country_kolada_needs_13_urls() -> None:
    items = kolada_items_per_url(list(range(2015, 2027)))
    assert len(items) == 13 and max(items) <= 5000
    # the 18 KPIs of issue 26: the fullest URL (25 municipalities × 17 A and K KPIs × 11 years,
    # less N02267's and N02797's 2025) is 4,625 items, one page; so still 13 calls
    assert max(items) == 4625 and minimum_kolada_calls(items) == 13


def test_percentile_and_table() -> None:
    assert percentile(list(range(1, 101)), 50) == 50.5
    assert percentile([3.0], 95) == 3.0
    lines = table_lines([Row("s", "m", 1.5, "s", 1.0, 1.5, "≤ 2", True, 100)])
    assert lines[2].startswith("| s ") and "yes" in lines[2]


def test_regions_rows_compare_workers_and_server_backends() -> None:
    from benchmarks.regions import _rows

    pg = {
        "one_region_s": 10.0,
        "wall_s": {1: 200.0, 2: 125.0},
        "server_cpu_per_run_s": {2: 3.0},
        "warehouse_mib": {"18": 12.0, "12": 14.0, "01": 20.0},
    }
    lite = {"one_region_s": 9.0, "wall_s": {2: 120.0}, "server_cpu_per_run_s": {2: 2.0}}
    rows = {r.measure: r for r in _rows(["18", "12", "01"], pg, lite)}
    assert rows["3 regions at once, 1 worker"].ratio == 20.0
    two = rows["3 regions at once, 2 workers"]
    assert (two.ratio, two.met, two.note) == (12.5, True, "1.60× the speed of 1 worker")
    size = rows["a region's published warehouse"]
    assert size.value == 14.0 and "largest Stockholms län" in size.note
    assert rows["server CPU per run, PostgreSQL"].ratio == 1.5


def test_cpu_seconds_counts_a_process_and_its_children() -> None:
    import os

    from benchmarks.regions import _cpu_seconds

    sum(i * i for i in range(2_000_000))  # spend some CPU in this process
    assert _cpu_seconds(os.getpid()) > 0


def test_the_charts_throttled_are_the_eight_slowest_and_any_that_could_reach_the_budget() -> None:
    from benchmarks.dashboard_page import CHART_MS, SLOWDOWN, worth_throttling

    at_1x = {f"chart-{i}": float(i) for i in range(60)}  # chart-59 the slowest, 59 ms
    assert worth_throttling(at_1x) == [f"chart-{i}" for i in range(59, 51, -1)]
    # a chart of 1/8 of the budget at 1× (4× slower, with a factor of two) is drawn again too
    at_1x["chart-3"] = CHART_MS / (2 * SLOWDOWN)
    at_1x["chart-4"] = CHART_MS / (2 * SLOWDOWN) + 1
    at_1x["chart-5"] = CHART_MS / (2 * SLOWDOWN) - 0.5
    chosen = worth_throttling(at_1x)
    assert chosen[:2] == ["chart-4", "chart-3"] and "chart-5" in chosen  # 5: among the 8 slowest
    many = {f"chart-{i}": CHART_MS / 4 for i in range(20)}  # all could reach it: all of them
    assert len(worth_throttling(many)) == 20


def test_a_further_round_measures_again_only_what_is_over_budget(monkeypatch) -> None:
    """least_of_rounds on made-up measurements: a round after the first re-measures only the
    figures over budget, keeps each figure's least, and stops once everything is within."""
    import benchmarks.dashboard_page as page

    asked: list[tuple] = []
    loads = iter([1700, 1400])  # the first screen at the top, in rounds 2 and 3

    def first_screen(browser, path, screen, rate, repeats, at=""):
        asked.append(("load", at))
        first_round = len(asked) <= 2  # both over 1500 then
        ready = 1600 if first_round else (900 if at == "#plan" else next(loads))
        return {"times": {"ready": ready}, "first_screen_charts": [], "pictures": []}

    def in_one_page(browser, path, screen, rate, repeats, charts=None, switch=True):
        asked.append(("page", tuple(charts or ()), switch))
        if len(asked) == 3:  # round 1: one chart over budget, the switch within
            return {"draws": {"a": 100.0, "b": 1600.0}, "switch": 80, "in_place": 300}
        return {"draws": {"b": 700.0}}

    monkeypatch.setattr(page, "first_screen", first_screen)
    monkeypatch.setattr(page, "in_one_page", in_one_page)
    figures = page.least_of_rounds(None, Path("x.html"), page.PHONE, 4, rounds=5)
    assert asked == [
        ("load", ""), ("load", "#plan"), ("page", (), True),  # round 1: everything
        ("load", ""), ("load", "#plan"), ("page", ("b",), False),  # round 2: what was over
        ("load", ""),  # round 3: only the top's first screen was still over (1700 kept 1600)
    ]  # fmt: skip
    assert figures["rounds"] == 3 and page.over_budget(figures) == []
    assert (figures["ready_ms"], figures["ready_at_charts_ms"]) == (1400, 900)
    assert figures["chart_ms"] == {"a": 100.0, "b": 700.0} and figures["slowest_chart"] == "b"
    assert figures["switch_ms"] == 80
