"""A run's one-line name and description, as an operator sees them in Prefect's list of runs."""

from datetime import UTC, datetime

from asfetl.operations.headline import run_description, run_name
from asfetl.operations.runs import RunRecord


def test_the_name_says_mode_region_parts_and_local_time():
    at = datetime(2026, 12, 1, 5, 30, tzinfo=UTC)  # 06:30 in Stockholm (winter time)
    assert (
        run_name(False, "18", False, True, at)
        == "live · Örebro län · rapporter · 2026-12-01 06:30 CET"
    )
    assert run_name(True, "25", True, False, at).startswith(
        "exempeldata · Norrbottens län · statistik"
    )


def test_a_run_that_rejected_a_file_does_not_look_like_one_that_changed_nothing():
    quiet = RunRecord("r1", "live", "18", status="success")
    quiet.step_counts = {"reports": {"accepted": 0, "rejected": 0}, "changed": {}}
    rejecting = RunRecord("r2", "live", "18", status="success")
    rejecting.step_counts = {"reports": {"accepted": 0, "rejected": 1}, "changed": {}}
    assert run_description(quiet) == "publicerad · inga värden ändrade"
    assert run_description(rejecting) == "publicerad · 1 fil avvisad · inga värden ändrade"


def test_problems_are_named_with_their_counts():
    run = RunRecord("r3", "live", "18", status="partial")
    run.step_counts = {
        "sources": {"scb_population.unreachable": 1, "kolada_kpi_values.rejected": 1},
        "reports": {"accepted": 3, "rejected": 2},
        "changed": {"population": 14, "asf_count": 3},
    }
    assert run_description(run) == (
        "publicerad med problem · 1 källa onåbar · 1 datamängd underkänd · 3 filer godkända · "
        "2 filer avvisade · 2 indikatorer ändrade"
    )
    assert run_description(RunRecord("r4", "live", "18", status="failed")) == (
        "misslyckad, inget publicerat"
    )
