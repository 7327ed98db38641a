"""The activity follow-up: a second kind of submitted file through the same checks and intake,
feeding the plan's activity indicators. Every expected number is worked out by hand below."""

import csv
import json
import os
import time
from pathlib import Path

import pytest

from asfetl.indicators import transform
from asfetl.reports.checks import check_file
from asfetl.reports.intake import intake
from asfetl.reports.kinds import ACTIVITY, ENTERPRISE, detect_kind
from asfetl.reports.sample_follow_ups import sample_follow_ups
from asfetl.warehouse import database
from tests.reports.report_files import personnummer

MB = 1024 * 1024
HEADER = ["aktivitet", "ar", "status", "moten_genomforda", "kommentar"]


def write_follow_up(path: Path, rows: list[list], header=HEADER, seconds_ago: float = 0) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        writer = csv.writer(f, delimiter=";")
        writer.writerow(header)
        writer.writerows(rows)
    stamp = time.time() - seconds_ago  # arrival order decides which follow-up counts
    os.utime(path, (stamp, stamp))
    return path


def check(path: Path):
    return check_file(path, region="18", max_bytes=20 * MB)


def findings(result) -> set[tuple]:
    return {(f.row, f.column, f.rule) for f in result.findings}


# --- which kind a file is -----------------------------------------------------------------------


def test_the_header_row_tells_the_kind():
    assert detect_kind(["Aktivitet", "År", "Status"]) is ACTIVITY
    assert detect_kind(["activity_id", "year", "status", "meetings_held"]) is ACTIVITY
    assert detect_kind(["organisationsnummer", "rapportar", "kommunkod"]) is ENTERPRISE
    assert detect_kind(["nothing", "known"]) is ENTERPRISE  # its findings list what is missing


# --- checks: accepted, normalised, rejected with row, column and rule ---------------------------


def test_a_follow_up_with_swedish_spellings_is_accepted_and_normalised(tmp_path):
    path = write_follow_up(
        tmp_path / "uppföljning.csv",
        [["a7", "2024", "Pågående", "", "Startade i mars"], ["A 15", "2024", "Avslutad", "6", ""]],
        header=["Aktivitet", "År", "Status", "Möten genomförda", "Kommentar"],
    )
    result = check(path)
    assert result.accepted, result.findings
    assert result.kind is ACTIVITY
    rows = result.rows.to_dict("records")
    assert [r["aktivitet"] for r in rows] == ["A07", "A15"]
    assert [r["status"] for r in rows] == ["paborjad", "avslutad"]
    assert rows[0]["moten_genomforda"] is None or str(rows[0]["moten_genomforda"]) == "<NA>"
    assert int(rows[1]["moten_genomforda"]) == 6


def test_optional_columns_may_be_left_out(tmp_path):
    path = tmp_path / "kort.json"
    path.write_text(json.dumps([{"activity_id": "A01", "year": 2023, "status": "started"}]))
    result = check(path)
    assert result.accepted, result.findings
    assert list(result.rows["status"]) == ["paborjad"]


def test_every_broken_rule_is_named_with_row_and_column(tmp_path):
    path = write_follow_up(
        tmp_path / "fel.csv",
        [
            ["A19", "2024", "paborjad", "", ""],  # row 2: not an activity of the plan
            ["A01", "2024", "halvklar", "", ""],  # row 3: unknown status
            ["A02", "1999", "avslutad", "-1", ""],  # row 4: year out of range, negative meetings
            ["A03", "2024", "", "", "x" * 1001],  # row 5: status empty, comment too long
            ["A04", "2024", "paborjad", "", ""],  # rows 6 and 7: the same activity and year twice
            ["A04", "2024", "avslutad", "", ""],
        ],
    )
    result = check(path)
    assert not result.accepted
    found = findings(result)
    assert (2, "aktivitet", "activity_in_plan") in found
    assert (3, "status", "status_known") in found
    assert (4, "ar", "report_year_in_range") in found
    assert (4, "moten_genomforda", "moten_genomforda_not_negative") in found
    assert (5, "status", "status_required") in found
    assert (5, "kommentar", "kommentar_length") in found
    assert {(6, None), (7, None)} <= {(r, None) for r, _, rule in found if "one_follow_up" in rule}
    assert all(f.dataset == "activity_report" for f in result.findings)


def test_a_missing_required_column_is_named(tmp_path):
    path = write_follow_up(
        tmp_path / "utan_status.csv", [["A01", "2024"]], header=["aktivitet", "ar"]
    )
    result = check(path)
    assert not result.accepted
    assert (1, "status", "column_missing") in findings(result)


def test_a_personnummer_in_a_comment_rejects_the_file_and_never_shows(tmp_path):
    number = personnummer()
    path = write_follow_up(
        tmp_path / "pnr.csv", [["A01", "2024", "paborjad", "", f"Kontakt {number}"]]
    )
    result = check(path)
    assert not result.accepted and result.has_personnummer
    assert all(number not in str(f.value) + f.message for f in result.findings)


# --- intake and the activity indicators, worked out by hand -------------------------------------


@pytest.fixture
def built(tmp_path):
    """Three follow-up files through intake and every model of a migrated database.

    First (arrived 3 h ago), 2023: A01 started, A02 completed, A03 not started, A15 started with
    5 meetings. Second (2 h ago), 2024: A01 completed, A03 started, A04 cancelled (never started),
    A15 started with 6 meetings. Third (1 h ago): a correction of A15 in 2023 to 4 meetings.
    """
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_follow_up(inbox / "uppfoljning_2023.csv", [
        ["A01", 2023, "paborjad", "", ""], ["A02", 2023, "avslutad", "", ""],
        ["A03", 2023, "ej_paborjad", "", ""], ["A15", 2023, "paborjad", 5, ""],
    ], seconds_ago=3 * 3600)  # fmt: skip
    write_follow_up(inbox / "uppfoljning_2024.csv", [
        ["A01", 2024, "avslutad", "", ""], ["A03", 2024, "paborjad", "", ""],
        ["A04", 2024, "installd", "", "Ingen budget"], ["A15", 2024, "paborjad", 6, ""],
    ], seconds_ago=2 * 3600)  # fmt: skip
    write_follow_up(
        inbox / "rattelse_2023.csv",
        [["A15", 2023, "paborjad", 4, "Ett möte ställdes in"]],
        seconds_ago=3600,
    )
    con = database.connect(tmp_path / "build.duckdb")
    database.migrate(con)
    result = intake(con, inbox, region="18", run_id="run-1", max_bytes=20 * MB, settle_seconds=0)
    transform.load_seeds(con, "18")
    transform.run_models(con)
    yield con, result
    con.close()


def test_intake_accepts_the_follow_ups_and_the_correction_supersedes(built):
    con, result = built
    counts = result.counts()
    assert counts["accepted"] == 3 and counts["rejected"] == 0
    assert counts["rows"] == counts["activity_rows"] == 9 and counts["superseded"] == 1
    kinds = con.execute("select distinct report_kind from ops.report_files").fetchall()
    assert kinds == [("activity_report",)]
    assert con.execute("select count(*) from raw.activity_reports").fetchone() == (9,)  # history
    assert con.execute("select count(*) from mart.activity_follow_ups").fetchone() == (8,)


def test_activity_indicators_match_the_hand_count(built):
    con, _ = built
    values = dict(
        ((i, y), (v, s))
        for i, y, v, s in con.execute(
            """
            select indicator_id, year, value, status from mart.indicator_values
            where area_code = '18' and indicator_id in (
                'plan_activities_started', 'plan_activities_completed', 'cross_sector_meetings')
            """
        ).fetchall()
    )
    assert values == {
        # 2023: A01 and A15 started, A02 completed (so started too); A03 not started → 3
        ("plan_activities_started", 2023): (3.0, "ok"),
        # 2024: those three and A03; A04 was cancelled without starting → 4
        ("plan_activities_started", 2024): (4.0, "ok"),
        ("plan_activities_completed", 2023): (1.0, "ok"),  # A02
        ("plan_activities_completed", 2024): (2.0, "ok"),  # A02 and A01
        ("cross_sector_meetings", 2023): (4.0, "ok"),  # the correction, not the first 5
        ("cross_sector_meetings", 2024): (6.0, "ok"),
    }
    municipal = con.execute(
        "select count(*) from mart.indicator_values where indicator_id like 'plan_activities%' "
        "and area_code <> '18'"
    ).fetchone()
    assert municipal == (0,)  # the plan is the region's: no municipal values


def test_plan_activities_show_the_latest_status_and_meetings_against_the_plan(built):
    con, _ = built
    rows = {
        r[0]: r[1:]
        for r in con.execute(
            "select activity_id, status, status_year, meetings_planned, meetings_held "
            "from mart.plan_activities"
        ).fetchall()
    }
    assert rows["A01"] == ("completed", 2024, None, None)
    assert rows["A02"] == ("completed", 2023, None, None)
    assert rows["A03"] == ("started", 2024, None, None)
    assert rows["A04"] == ("cancelled", 2024, None, None)
    assert rows["A15"] == ("started", 2024, 6, 6)  # six planned a year, six held in 2024
    assert rows["A05"] == ("no_report", None, None, None)
    assert len(rows) == 18


def test_lineage_names_the_follow_up_files(built):
    con, _ = built
    lineage = con.execute(
        """
        select indicator_id, year, list(source_name order by source_name)
        from mart.value_lineage
        where indicator_id in ('plan_activities_started', 'cross_sector_meetings')
        group by all
        """
    ).fetchall()
    assert {(i, y): names for i, y, names in lineage} == {
        ("plan_activities_started", 2023): ["rattelse_2023.csv", "uppfoljning_2023.csv"],
        ("plan_activities_started", 2024): [
            "rattelse_2023.csv", "uppfoljning_2023.csv", "uppfoljning_2024.csv",
        ],
        ("cross_sector_meetings", 2023): ["rattelse_2023.csv"],
        ("cross_sector_meetings", 2024): ["uppfoljning_2024.csv"],
    }  # fmt: skip


def test_a_follow_up_without_meetings_for_the_group_is_missing_not_zero(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_follow_up(inbox / "f.csv", [["A15", 2024, "paborjad", "", ""]])
    con = database.connect(tmp_path / "b.duckdb")
    try:
        database.migrate(con)
        intake(con, inbox, region="18", run_id="r", max_bytes=20 * MB, settle_seconds=0)
        transform.load_seeds(con, "18")
        transform.run_models(con)
        row = con.execute(
            "select value, status from mart.indicator_values "
            "where indicator_id = 'cross_sector_meetings'"
        ).fetchall()
        assert row == [(None, "missing")]
    finally:
        con.close()


def test_the_sample_follows_each_activity_through_its_years():
    rows = {(r["aktivitet"], r["ar"]): r for r in sample_follow_ups()}
    # A05 runs 2022–2023 in the example plan: started, then completed, then no more follow-ups
    assert rows["A05", 2022]["status"] == "paborjad" and rows["A05", 2023]["status"] == "avslutad"
    assert ("A05", 2024) not in rows
    # A10 starts in 2024: not started before
    assert rows["A10", 2023]["status"] == "ej_paborjad"
    assert rows["A10", 2023]["moten_genomforda"] is None
    assert [rows["A15", y]["moten_genomforda"] for y in (2022, 2023, 2024)] == [4, 6, 5]
