"""Files that change under the run: intake reads its own copy, files exactly the bytes it read,
and leaves a version written during the run in the inbox for the next run; a file still being
written is deferred, never loaded in part."""

import os
import threading
import time

import pytest

from asfetl.reports import intake as intake_module
from asfetl.reports.checks import sha256_of
from asfetl.reports.intake import file_away, intake
from tests.reports.hostile.corpus import PLANTED
from tests.reports.report_files import valid_rows, write_csv

MB = 2**20


def run(con, inbox, settle=0.0):
    return intake(con, inbox, region="18", run_id=f"r{time.time_ns()}", max_bytes=20 * MB,
                  settle_seconds=settle)  # fmt: skip


def loaded(con) -> dict[str, int]:
    rows = con.execute(
        "select file_sha256, count(*) from raw.enterprise_reports group by all"
    ).fetchall()
    return dict(rows)


def kept(folder) -> list:
    return sorted(p for p in folder.rglob("*") if p.is_file() and not p.name.endswith(".txt"))


def with_personnummer(rows: list[dict]) -> list[dict]:
    changed = [dict(r) for r in rows]
    changed[0]["foretagsnamn"] = f"Kontakt {PLANTED['renamed']}"
    return changed


@pytest.mark.parametrize("how", ["renamed over", "written in place"])
def test_a_file_replaced_after_it_was_read_files_the_bytes_read(con, inbox, tmp_path, how):
    rows = valid_rows(2)
    path = write_csv(inbox / "rapport.csv", rows)
    read = path.read_bytes()
    result = run(con, inbox)
    (decision,) = result.decisions
    assert decision.decision == "accepted" and len(decision.check.rows) == 2
    # between intake and filing a new version, holding a personnummer, takes the name
    if how == "renamed over":
        newer = write_csv(inbox / ".newer", with_personnummer(valid_rows(3)))
        os.replace(newer, path)
    else:
        mtime = path.stat().st_mtime_ns
        write_csv(path, with_personnummer(rows))
        os.utime(path, ns=(mtime, mtime))  # even with its old modification time
    file_away(result, tmp_path)
    (filed,) = kept(tmp_path / "accepted")
    assert filed.read_bytes() == read  # exactly what was read and loaded
    assert loaded(con) == {sha256_of(filed): 2}
    assert [p.name for p in inbox.iterdir()] == ["rapport.csv"]  # the new version waits
    assert PLANTED["renamed"] in path.read_text(encoding="utf-8-sig")
    (again,) = run(con, inbox).decisions  # the next run decides the new version
    assert again.decision == "rejected" and again.check.has_personnummer


def test_a_file_written_to_while_it_is_checked_is_deferred_not_loaded(con, inbox, tmp_path,
                                                                     monkeypatch):  # fmt: skip
    rows = valid_rows(13)
    path = inbox / "bursts.csv"
    writer = path.open("w", encoding="utf-8", newline="")
    first = write_csv(tmp_path / "all.csv", rows).read_text(encoding="utf-8-sig").splitlines(True)
    writer.writelines(first[:7])  # the header and 6 rows, then a pause longer than settling
    writer.flush()
    real = intake_module.check_files

    def and_the_writer_goes_on(*args, **kwargs):
        writer.writelines(first[7:])  # the other 7 rows arrive while the run checks the first 6
        writer.flush()
        return real(*args, **kwargs)

    monkeypatch.setattr(intake_module, "check_files", and_the_writer_goes_on)
    time.sleep(0.3)
    (decision,) = run(con, inbox, settle=0.2).decisions
    assert decision.decision == "deferred" and loaded(con) == {}
    writer.close()
    monkeypatch.setattr(intake_module, "check_files", real)
    result = run(con, inbox)
    (decision,) = result.decisions
    assert decision.decision == "accepted" and len(decision.check.rows) == 13
    file_away(result, tmp_path)
    assert list(inbox.iterdir()) == [] and list(loaded(con).values()) == [13]


def test_a_file_written_in_bursts_is_deferred_while_the_bursts_go_on(con, inbox):
    rows = valid_rows(13)
    path = inbox / "bursts.csv"
    done = threading.Event()

    def write_in_bursts():
        with path.open("w", encoding="utf-8", newline="") as out:
            out.write(";".join(rows[0]) + "\n")
            for row in rows:
                out.write(";".join(str(v) for v in row.values()) + "\n")
                out.flush()
                time.sleep(0.1)
        done.set()

    thread = threading.Thread(target=write_in_bursts)
    thread.start()
    time.sleep(0.15)
    decisions = run(con, inbox, settle=0.3).decisions
    thread.join()
    assert [d.decision for d in decisions] == ["deferred"] and loaded(con) == {}
    (decision,) = run(con, inbox, settle=0.3).decisions
    assert decision.decision == "accepted" and len(decision.check.rows) == 13


def test_what_a_crashed_run_left_in_the_processing_folder_is_removed(con, inbox, tmp_path):
    leftover = inbox / ".asfetl-processing" / "99999"
    leftover.parent.mkdir()
    leftover.write_text(f"Kontakt {PLANTED['renamed']}")
    write_csv(inbox / "rapport.csv", valid_rows(1))
    result = run(con, inbox)
    assert not leftover.exists() and result.decisions[0].decision == "accepted"
    file_away(result, tmp_path)
    assert list(inbox.iterdir()) == []


def test_no_room_for_the_copy_stops_intake_and_leaves_the_inbox_as_it_was(con, inbox,
                                                                          monkeypatch):  # fmt: skip
    import errno

    write_csv(inbox / "rapport.csv", valid_rows(1))
    before = (inbox / "rapport.csv").read_bytes()

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(intake_module, "take", full)
    with pytest.raises(OSError) as raised:
        run(con, inbox)
    assert raised.value.errno == errno.ENOSPC  # the run turns it into its one sentence
    assert [p.name for p in inbox.iterdir()] == ["rapport.csv"] and loaded(con) == {}
    assert (inbox / "rapport.csv").read_bytes() == before
