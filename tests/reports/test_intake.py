"""The report inbox: whole-file decisions, idempotent loads, superseding, filing after publish."""

import os
import threading
import time

from asfetl.reports.intake import file_away, intake, safe_name
from tests.reports.report_files import personnummer, valid_rows, write_csv, write_json

MB = 1024 * 1024


def run_intake(con, inbox, run_id="run-1", settle=0.0):
    return intake(con, inbox, region="18", run_id=run_id, max_bytes=20 * MB, settle_seconds=settle)


def arrived(path, seconds_ago: float):
    stamp = time.time() - seconds_ago
    os.utime(path, (stamp, stamp))
    return path


def test_accepted_rows_land_with_file_sha_time_and_row_number(con, inbox):
    write_csv(inbox / "a.csv", valid_rows(3))
    result = run_intake(con, inbox)
    assert result.counts() == {
        "files": 1, "accepted": 1, "rejected": 0, "duplicate": 0, "deferred": 0,
        "superseded": 0, "warnings": 0, "rows": 3, "activity_rows": 0,
    }  # fmt: skip
    rows = con.execute(
        "select file_name, row_number, length(file_sha256), received_at is not null, run_id "
        "from raw.enterprise_reports order by row_number"
    ).fetchall()
    assert rows == [("a.csv", n, 64, True, "run-1") for n in (2, 3, 4)]
    (decision,) = con.execute("select decision, report_rows from ops.report_files").fetchall()
    assert decision == ("accepted", 3)


def test_the_same_file_twice_is_a_no_op(con, inbox, tmp_path):
    write_csv(inbox / "a.csv", valid_rows(3))
    run_intake(con, inbox)
    run_intake(con, inbox, run_id="run-2")  # still in the inbox (not filed away)
    assert con.execute("select count(*) from raw.enterprise_reports").fetchone() == (3,)
    decisions = con.execute("select run_id, decision from ops.report_files order by 1").fetchall()
    assert decisions == [("run-1", "accepted"), ("run-2", "duplicate")]


def test_a_file_received_before_is_not_read_again(con, inbox, tmp_path, monkeypatch):
    from asfetl.reports import intake as intake_module

    write_csv(inbox / "a.csv", valid_rows(3))
    run_intake(con, inbox)

    def must_not_read(path, **kwargs):
        raise AssertionError(f"{path.name} was read again")

    monkeypatch.setattr(intake_module, "prepare_file", must_not_read)
    result = run_intake(con, inbox, run_id="run-2")
    (decision,) = result.decisions
    assert decision.decision == "duplicate" and decision.check.kind.dataset == "enterprise_report"
    file_away(result, tmp_path)
    feedback = (tmp_path / decision.feedback).read_text(encoding="utf-8")
    assert "REDAN MOTTAGEN" in feedback and "ALREADY RECEIVED" in feedback


def test_the_same_bytes_twice_in_one_inbox_load_once(con, inbox):
    write_csv(inbox / "a.csv", valid_rows(2))
    (inbox / "a_copy.csv").write_bytes((inbox / "a.csv").read_bytes())
    counts = run_intake(con, inbox).counts()
    assert (counts["accepted"], counts["duplicate"], counts["rows"]) == (1, 1, 2)
    assert con.execute("select count(*) from raw.enterprise_reports").fetchone() == (2,)


def test_superseding_counts_earlier_files_of_the_same_batch_and_of_earlier_runs(con, inbox):
    rows = valid_rows(3)
    arrived(write_csv(inbox / "1.csv", rows[:2]), 300)  # enterprises 0 and 1
    run_intake(con, inbox)
    for path in inbox.glob("[!.]*"):  # the files; not the run's processing folder
        path.unlink()
    changed = [dict(r, deltagare=r["deltagare"] + 1) for r in rows]
    arrived(write_csv(inbox / "2.csv", changed[1:]), 200)  # 1 (loaded before) and 2 (new)
    arrived(write_csv(inbox / "3.csv", [changed[2], changed[0]]), 100)  # 2 (in file 2) and 0
    result = run_intake(con, inbox, run_id="run-2")
    assert {d.name: d.superseded for d in result.decisions} == {"2.csv": 1, "3.csv": 2}


def test_a_later_report_supersedes_and_history_stays(con, inbox):
    first = valid_rows(2)
    arrived(write_csv(inbox / "b_first.csv", first), 3600)
    later = [dict(first[0], anstallda_totalt=first[0]["anstallda_totalt"] + 1)]
    arrived(write_json(inbox / "a_later.json", later), 60)  # arrives later, sorts earlier by name
    result = run_intake(con, inbox)
    assert result.counts()["superseded"] == 1
    history = con.execute(
        """select file_name, anstallda_totalt from raw.enterprise_reports
           where organisationsnummer = ? order by received_at""",
        [first[0]["organisationsnummer"]],
    ).fetchall()
    assert history == [
        ("b_first.csv", first[0]["anstallda_totalt"]),
        ("a_later.json", first[0]["anstallda_totalt"] + 1),
    ]


def test_one_bad_file_never_blocks_the_good_ones(con, inbox):
    write_csv(inbox / "good.csv", valid_rows(2))
    (inbox / "garbage.xlsx").write_bytes(b"PK\x03\x04 truncated zip")
    bad = valid_rows(2)
    bad[0]["kommunkod"] = "0180"
    write_csv(inbox / "bad.csv", bad)
    result = run_intake(con, inbox)
    assert {d.name: d.decision for d in result.decisions} == {
        "good.csv": "accepted", "garbage.xlsx": "rejected", "bad.csv": "rejected"
    }  # fmt: skip
    assert con.execute("select count(*) from raw.enterprise_reports").fetchone() == (2,)


def test_a_file_still_being_written_is_left_for_the_next_run(con, inbox):
    path = write_csv(inbox / "growing.csv", valid_rows(2))
    stop = threading.Event()

    def keep_writing():
        with path.open("a", encoding="utf-8") as f:
            while not stop.is_set():
                f.write(" ")
                f.flush()
                time.sleep(0.05)

    writer = threading.Thread(target=keep_writing)
    writer.start()
    try:
        result = run_intake(con, inbox, settle=0.5)
    finally:
        stop.set()
        writer.join()
    assert [d.decision for d in result.decisions] == ["deferred"]
    assert path.exists()
    assert con.execute("select count(*) from raw.enterprise_reports").fetchone() == (0,)


def test_odd_names_are_made_safe():
    assert safe_name("../../etc/passwd") == "passwd"
    assert safe_name("rapport..;$(rm -rf).csv") == "rapport.__(rm -rf).csv"
    assert safe_name("Kafé Ängen 2024.xlsx") == "Kafé Ängen 2024.xlsx"
    assert safe_name("...") == "namnlos"


def test_filing_moves_files_writes_feedback_and_redacts_personnummer(con, inbox, tmp_path):
    write_csv(inbox / "good.csv", valid_rows(1))
    pnr = personnummer()
    rows = valid_rows(1)
    rows[0]["foretagsnamn"] = f"Kontakt {pnr}"
    write_csv(inbox / "personal.csv", rows)
    result = run_intake(con, inbox)
    stored = {d.name: d for d in result.decisions}
    warehouse_dir = tmp_path / "wh"
    file_away(result, warehouse_dir)
    assert list(inbox.iterdir()) == []
    good, personal = stored["good.csv"], stored["personal.csv"]
    assert good.stored.parts[0] == "accepted" and (warehouse_dir / good.stored).exists()
    assert personal.stored.parts[0] == "rejected"
    quarantined = (warehouse_dir / personal.stored).read_text(encoding="utf-8-sig")
    assert pnr not in quarantined and "[personnummer borttaget]" in quarantined
    report = (warehouse_dir / personal.feedback).read_text(encoding="utf-8")
    assert "AVVISAD" in report and "REJECTED" in report and pnr not in report
    recorded = con.execute(
        "select file_name, stored_path, feedback_path from ops.report_files order by 1"
    ).fetchall()
    assert recorded == sorted((d.name, str(d.stored), str(d.feedback)) for d in result.decisions)
