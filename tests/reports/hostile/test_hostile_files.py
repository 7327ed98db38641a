"""Hostile files, one at a time: personnummer in names, sheet names, properties and notes;
macros, pictures and embedded objects; UTF-16; a workbook under a .csv name; odd inbox entries;
resubmissions."""

import os

import pytest

from asfetl.reports import identifiers
from asfetl.reports.checks import check_file
from asfetl.reports.inbox import safe_name
from asfetl.reports.intake import file_away, intake
from tests.reports.hostile.corpus import (
    NAME_SPELLINGS,
    PLANTED,
    macro_workbook,
    part_named,
    split_csv,
    table_rows,
    with_embedding,
    with_picture,
    with_preview,
    with_printer_settings,
    workbook_with,
    write_workbook,
)
from tests.reports.report_files import HEADERS, valid_rows, write_csv

MB = 2**20


def rows_of(count: int = 1) -> list[list[str]]:
    return [HEADERS] + [[str(r[h]) for h in HEADERS] for r in valid_rows(count)]


def rules(check) -> list[str]:
    return sorted({f.rule for f in check.errors})


def check(path):
    return check_file(path, region="18", max_bytes=20 * MB)


def test_a_personnummer_in_the_file_name_rejects_and_is_never_shown(tmp_path):
    path = write_csv(tmp_path / f"rapport {PLANTED['name']}.csv", valid_rows(1))
    result = check(path)
    assert rules(result) == ["personnummer_found"] and "file's name" in result.errors[0].message
    assert result.name == "rapport ÅÅMMDD-XXXX.csv"
    assert PLANTED["name"] not in repr(result.findings)


@pytest.mark.parametrize("where", ["sheet", "props", "note"])
def test_a_personnummer_in_a_sheet_name_properties_or_a_note_rejects(tmp_path, where):
    number = PLANTED[where]
    path = workbook_with(
        tmp_path / "r.xlsx", rows_of(), sheet=f"Anna {number}" if where == "sheet" else "Rapport",
        creator=f"Anna {number}" if where == "props" else "",
        note=f"ring {number}" if where == "note" else "",
    )  # fmt: skip
    result = check(path)
    assert "personnummer_found" in rules(result)
    shown = repr(result.findings) + repr(result.details)
    assert number not in shown and number.replace("-", "") not in shown


def test_a_mistyped_personnummer_in_a_name_field_counts(tmp_path):
    rows = valid_rows(1)
    rows[0]["foretagsnamn"] = "Kontakt 850312-2388"  # the check digit fails: still a person's
    assert rules(check(write_csv(tmp_path / "r.csv", rows))) == ["personnummer_found"]
    assert identifiers.contains_personnummer("850312 2387")  # a space for the dash


def test_utf16_is_read_and_its_personnummer_found(tmp_path):
    rows = valid_rows(1)
    rows[0]["foretagsnamn"] = f"Kontakt {PLANTED['utf16']}"
    path = write_csv(tmp_path / "r.csv", rows, encoding="utf-16")
    result = check(path)
    assert result.file_format == "csv" and rules(result) == ["personnummer_found"]


def test_a_macro_workbook_renamed_xlsx_is_rejected(tmp_path):
    result = check(macro_workbook(tmp_path / "r.xlsx", rows_of()))
    assert rules(result) == ["file_unreadable"] and "macros" in result.errors[0].message


@pytest.mark.parametrize(
    ("key", "make", "en", "sv"),
    [("picture", with_picture, "pictures or embedded objects", "bilder eller inbäddade objekt"),
     ("embedded", with_embedding, "pictures or embedded objects", "bilder eller inbäddade"),
     ("preview", with_preview, "saved with a preview picture", "utan förhandsgranskningsbild")],
)  # fmt: skip
def test_a_workbook_with_a_picture_or_an_embedded_object_is_rejected_unread(tmp_path, key, make,
                                                                            en, sv):  # fmt: skip
    result = check(make(tmp_path / "r.xlsx", rows_of(), f"Anna {PLANTED[key]}"))
    assert rules(result) == ["file_unreadable"] and result.file_format is None  # never kept
    (found,) = result.errors
    assert en in found.message and "personal identity" in found.message
    assert sv in found.message_sv and "personnummer" in found.message_sv
    assert PLANTED[key] not in repr(result.findings)


def test_printer_settings_are_screened_as_text(tmp_path):
    plain = check(with_printer_settings(tmp_path / "a.xlsx", rows_of(), "HP LaserJet 4250"))
    assert plain.accepted  # Excel writes them by itself: a workbook is not rejected for them
    named = with_printer_settings(tmp_path / "b.xlsx", rows_of(), f"HP {PLANTED['printer']}")
    result = check(named)
    assert rules(result) == ["personnummer_found"]
    assert "printer settings" in result.errors[0].message


def test_a_long_name_is_shortened_keeping_its_extension():
    name = safe_name("ö" * 118 + ".csv")
    assert name.endswith(".csv") and len(name.encode()) <= 180
    assert safe_name("ö" * 118 + ".csv") == name != safe_name("ö" * 117 + ".csv")


def run(con, inbox):
    return intake(con, inbox, region="18", run_id="r", max_bytes=20 * MB, settle_seconds=0)


def test_odd_inbox_entries_are_never_followed_or_read(con, tmp_path, caplog):
    import socket

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    secret = tmp_path / "passwd"
    secret.write_text("root:x:0:0:root:/root:/bin/bash\n")
    (inbox / "link.csv").symlink_to(secret)
    (inbox / "dirlink").symlink_to(tmp_path, target_is_directory=True)
    outside = tmp_path / "outside.csv"
    write_csv(outside, valid_rows(1))
    os.link(outside, inbox / "hard.csv")
    os.mkfifo(inbox / "pipe.csv")
    (inbox / "__MACOSX").mkdir()
    write_csv(inbox / "__MACOSX" / "._good.csv", valid_rows(1))
    (inbox / f"folder {PLANTED['name']}\nWARNING forged").mkdir()
    server = socket.socket(socket.AF_UNIX)
    server.bind(str(inbox / "sock"))
    write_csv(inbox / "good.csv", valid_rows(1))
    with caplog.at_level("INFO", logger="asfetl"):
        result = run(con, inbox)
    decided = {d.name: d.decision for d in result.decisions}
    assert decided == {"hard.csv": "rejected", "good.csv": "accepted"}
    left = {e.name: (e.what, e.new) for e in result.left_alone}
    assert left == {
        "__MACOSX": ("a folder", True), "dirlink": ("a symbolic link", True),
        "folder ÅÅMMDD-XXXX\\nWARNING forged": ("a folder", True),
        "link.csv": ("a symbolic link", True), "pipe.csv": ("a named pipe", True),
        "sock": ("a socket", True),
    }  # fmt: skip
    said = [r.getMessage() for r in caplog.records if "not a report file" in r.getMessage()]
    assert len(said) == 6 and all("\n" not in line for line in said)
    assert "root:" not in repr([d.check.findings for d in result.decisions])
    file_away(result, tmp_path)
    left_there = {"link.csv", "dirlink", "pipe.csv", "__MACOSX", "sock",
                  f"folder {PLANTED['name']}\nWARNING forged"}  # fmt: skip
    assert {p.name for p in inbox.iterdir() if not p.name.startswith(".")} == left_there
    assert secret.read_text().startswith("root:") and outside.exists()
    assert not list((tmp_path / "rejected").rglob("link.csv")), "a link is never kept"
    # the next run is not stopped by them either, and does not report them again
    caplog.clear()
    with caplog.at_level("INFO", logger="asfetl"):
        again = run(con, inbox)
    assert [e.new for e in again.left_alone] == [False] * 6 and again.decisions == []
    assert not [r for r in caplog.records if r.levelname == "WARNING"]
    server.close()


def test_a_workbook_named_csv_with_a_personnummer_is_filed_redacted(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    rows = rows_of()
    rows[1][HEADERS.index("foretagsnamn")] = f"Kontakt {PLANTED['renamed']}"
    workbook_with(inbox / "rapport.csv", rows)
    write_csv(inbox / "good.csv", valid_rows(1))
    result = run(con, inbox)
    file_away(result, tmp_path)
    assert list(inbox.iterdir()) == []
    (kept,) = (tmp_path / "rejected").rglob("*rapport.csv")
    assert check(kept).file_format == "xlsx" and "personnummer_found" not in rules(check(kept))


def test_a_file_rejected_unread_is_not_kept(con, tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    big = inbox / "big.csv"
    big.write_text(f"{PLANTED['large']};" * 200_000)
    result = intake(con, inbox, region="18", run_id="r", max_bytes=MB, settle_seconds=0)
    file_away(result, tmp_path)
    assert list(inbox.iterdir()) == []
    (receipt,) = [p for p in (tmp_path / "rejected").rglob("*") if p.is_file()]
    assert receipt.name == "big.csv.feedback.txt"  # only the receipt: its reason, no copy


def test_every_decision_keeps_its_own_receipt(con, tmp_path):
    inbox = tmp_path / "inbox"
    for _ in range(3):  # the same accepted file sent three times the same day
        inbox.mkdir(exist_ok=True)
        write_csv(inbox / "rapport.csv", valid_rows(1))
        file_away(run(con, inbox), tmp_path)
    receipts = sorted(p.read_text() for p in (tmp_path / "accepted").rglob("*.feedback.txt"))
    assert len(receipts) == 3
    assert sum("GODKÄND" in r for r in receipts) == 1
    assert sum("REDAN MOTTAGEN" in r for r in receipts) == 2


def test_one_file_that_cannot_be_filed_never_stops_the_others(con, tmp_path, monkeypatch):
    from asfetl.reports import filing

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    write_csv(inbox / "a.csv", valid_rows(1))
    write_csv(inbox / "b.csv", valid_rows(2)[1:])
    result = run(con, inbox)
    real = filing._move

    def failing(source, target):
        if target.name.endswith("a.csv"):
            raise OSError(36, "File name too long")
        real(source, target)

    monkeypatch.setattr(filing, "_move", failing)
    file_away(result, tmp_path)
    assert [p.name for p in inbox.iterdir()] == ["a.csv"]  # left for the next run
    assert list((tmp_path / "accepted").rglob("*b.csv"))


def test_a_run_summary_names_a_folder_left_in_the_inbox(con, tmp_path):
    from asfetl.operations.runs import RunRecord
    from asfetl.operations.summary import run_summary

    inbox = tmp_path / "inbox"
    (inbox / "__MACOSX").mkdir(parents=True)
    result = run(con, inbox)
    text = run_summary(RunRecord("r", "live", "18"), result, tmp_path)
    assert "- `__MACOSX` is a folder, not a report file: left alone" in text
    again = run_summary(RunRecord("r", "live", "18"), run(con, inbox), tmp_path)
    assert "left alone (reported before)" in again


@pytest.mark.parametrize("spelling", list(NAME_SPELLINGS))
def test_a_personnummer_in_a_name_is_found_in_every_spelling(tmp_path, spelling):
    path = write_csv(tmp_path / f"rapport {NAME_SPELLINGS[spelling]}.csv", valid_rows(1))
    result = check_file(path, region="18", max_bytes=20 * MB, display_name=safe_name(path.name))
    assert rules(result) == ["personnummer_found"] and "file's name" in result.errors[0].message
    assert result.name == "rapport ÅÅMMDD-XXXX.csv"


def test_a_personnummer_in_the_name_of_a_workbook_part_rejects(tmp_path):
    result = check(part_named(tmp_path / "r.xlsx", rows_of(), PLANTED["part"]))
    assert rules(result) == ["personnummer_found"]
    assert "part inside the workbook" in result.errors[0].message


def test_a_personnummer_split_over_two_unknown_columns_rejects(tmp_path):
    result = check(split_csv(tmp_path / "r.csv", valid_rows(1), PLANTED["split"]))
    assert "personnummer_found" in rules(result)
    assert "split over columns" in " ".join(f.message for f in result.errors)
    # two figures side by side in the report's own columns are not taken for one
    assert check(write_csv(tmp_path / "ok.csv", valid_rows(3))).accepted


def test_a_personnummer_split_over_two_cells_of_another_sheet_rejects(tmp_path):
    yymmdd, serial = PLANTED["split"].split("-")
    path = write_workbook(
        tmp_path / "r.xlsx",
        [("Rapport", table_rows(rows_of())), ("Blad2", table_rows([["x", yymmdd, serial]]))],
    )
    assert rules(check(path)) == ["personnummer_found"]


def test_a_newline_in_a_name_never_forges_a_line(con, tmp_path, caplog):
    import subprocess
    import sys

    from tests.conftest import cli_env

    inbox = tmp_path / "inbox"
    inbox.mkdir()
    forged = "r.csv\n2026-12-07 06:30:00 ERROR asfetl: forged"
    (inbox / forged).write_text("not;a;report\n")
    (inbox / f"{forged}-folder").mkdir()
    with caplog.at_level("INFO", logger="asfetl"):
        result = run(con, inbox)
    assert all("\n" not in r.getMessage() for r in caplog.records)
    assert all("\n" not in d.name for d in result.decisions)
    assert any("\\n2026-12-07" in r.getMessage() for r in caplog.records)  # shown, escaped
    checked = subprocess.run(
        [sys.executable, "-m", "asfetl.cli", "reports", "check", "--lang", "en", str(inbox / forged)],
        env=cli_env(ASFETL_WAREHOUSE=str(tmp_path / "none" / "asf.duckdb")),
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert checked.returncode == 1 and not any(
        line.startswith("2026-12-07") for line in checked.stdout.splitlines()
    ), checked.stdout
