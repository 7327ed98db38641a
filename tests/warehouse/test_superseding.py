"""Superseding is stated once (sql/macros/newest_first.sql): the intake's counts, the tenfold
check's previous figures and the models' current reports all follow it."""

import os
import time

from asfetl.reports.intake import intake, previous_figures
from asfetl.indicators import transform
from tests.reports.report_files import valid_rows, write_csv

MB = 1024 * 1024
MODELS = ["staging.stg_reports__enterprise_reports", "intermediate.int_reports__current_reports"]


def take_in(con, inbox, run_id):
    result = intake(con, inbox, region="18", run_id=run_id, max_bytes=20 * MB, settle_seconds=0)
    for path in inbox.glob("[!.]*"):  # the files; not the run's processing folder
        path.unlink()
    return {d.name: d.superseded for d in result.decisions}


def arrived(path, at: float):
    os.utime(path, (at, at))
    return path


def current(con) -> dict[str, int]:
    """The file each enterprise's 2024 report counts from, and its participants."""
    transform.run_models(con, MODELS)
    return {
        orgnr: (file_name, participants)
        for orgnr, file_name, participants in con.execute(
            "select orgnr, file_name, participants from intermediate.int_reports__current_reports"
        ).fetchall()
    }


def test_a_file_arriving_with_an_older_time_supersedes_nothing(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (row,) = valid_rows(1)
    now = time.time()
    arrived(write_csv(inbox / "newer.csv", [row]), now - 100)
    assert take_in(con, inbox, "run-1") == {"newer.csv": 0}
    older = dict(row, deltagare=row["deltagare"] + 5)
    arrived(write_csv(inbox / "older.csv", [older]), now - 1000)  # copied with its old time
    assert take_in(con, inbox, "run-2") == {"older.csv": 0}  # the models keep newer.csv
    assert current(con) == {row["organisationsnummer"]: ("newer.csv", row["deltagare"])}
    previous = previous_figures(con, [row["organisationsnummer"]])
    assert previous["deltagare"].tolist() == [row["deltagare"]]


def test_at_the_same_time_the_later_file_name_supersedes(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (row,) = valid_rows(1)
    at = time.time() - 60
    later = dict(row, deltagare=row["deltagare"] + 1)
    arrived(write_csv(inbox / "b.csv", [later]), at)
    arrived(write_csv(inbox / "a.csv", [row]), at)
    assert take_in(con, inbox, "run-1") == {"a.csv": 0, "b.csv": 1}
    assert current(con) == {row["organisationsnummer"]: ("b.csv", row["deltagare"] + 1)}
    assert previous_figures(con, [row["organisationsnummer"]])["deltagare"].tolist() == [
        row["deltagare"] + 1
    ]
