"""Bombs: every file is read within its budget (unpacked size, cells, rows, sheets, time) and
`asfetl reports check` stays small and quick however the file is built."""

import pytest

from asfetl.reports.limits import Budget
from asfetl.reports.readers import read_report
from tests.reports.hostile import corpus
from tests.reports.hostile.measure import check_in_child
from tests.reports.report_files import HEADERS, valid_rows, write_csv

MEMORY_MIB = 300  # the most `reports check` may use, whatever it is given


def only_finding(result):
    (finding,) = result.findings
    return finding.rule, finding.message


@pytest.mark.parametrize(
    ("make", "expected"),
    [
        (corpus.cell_bomb, "50 MB unpacked"),
        (corpus.cells_within_size, "200 000 cells"),
        (corpus.strings_bomb, "200 000 cells"),
        (corpus.rows_bomb, "100 000 rows"),
        (corpus.many_sheets, "50 sheets"),
    ],
)
def test_a_bomb_is_rejected_with_the_budget_it_broke(tmp_path, make, expected):
    result = read_report(make(tmp_path / "rapport.xlsx"))
    rule, message = only_finding(result)
    assert rule == "file_over_budget" and expected in message and result.frame.empty


def test_the_time_budget_stops_reading(tmp_path):
    path = write_csv(tmp_path / "r.csv", valid_rows(200))
    assert read_report(path).findings == []
    rule, message = only_finding(read_report(path, budget=Budget(max_seconds=0)))
    assert rule == "file_over_budget" and "0 s" in message


def test_csv_and_json_count_cells_and_rows(tmp_path):
    csv = tmp_path / "wide.csv"
    csv.write_text(";".join(HEADERS) + "\n" + ("1;" * 300 + "\n") * 100, encoding="utf-8")
    assert "50 cells" not in only_finding(read_report(csv, budget=Budget(max_cells=10_000)))[1]
    assert only_finding(read_report(csv, budget=Budget(max_cells=1000)))[0] == "file_over_budget"
    json = tmp_path / "many.json"
    json.write_text("[" + ",".join(["1"] * 5000) + "]", encoding="utf-8")
    assert "1 000 cells" in only_finding(read_report(json, budget=Budget(max_cells=1000)))[1]
    assert "10 rows" in only_finding(read_report(json, budget=Budget(max_rows=10)))[1]


def test_reports_check_on_the_bombs_stays_small_and_quick(tmp_path):
    """The tester's 0.5 MB bomb (190 MB of cells) took 10 minutes and 6.9 GB."""
    bomb = corpus.cell_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 600_000
    cells = corpus.cells_within_size(tmp_path / "cells.xlsx")
    good = write_csv(tmp_path / "good.csv", valid_rows(3))
    checked = check_in_child(bomb, cells, good)
    assert checked.returncode == 1, checked.stderr
    assert "Traceback" not in checked.stderr
    assert checked.stdout.count("REJECTED") == 2 and "good.csv: ACCEPTED" in checked.stdout
    assert checked.stdout.count("[file_over_budget]") == 2
    assert checked.seconds < 25 and checked.peak_mib < MEMORY_MIB, checked
