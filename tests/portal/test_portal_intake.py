"""Accepted uploads into the pipeline, against the real server: the receipt, the file in the inbox
under the portal's name, loaded by the next run; and what the intake and the portal do with
uploads in progress, an inbox that cannot be written and a warehouse that cannot be read."""

import hashlib
import re
from pathlib import Path

import duckdb
import httpx

from asfetl.operations import pipeline
from asfetl.portal.scratch import PREFIX, Scratch
from asfetl.reports.inbox import refused_entries, settled_files
from tests.pipeline_helpers import working
from tests.portal.server import (
    csrf_of,
    csv_bytes,
    link_path,
    portal_settings,
    running_portal,
    send,
)


def test_an_accepted_upload_gets_a_receipt_and_the_next_run_loads_exactly_that_file(
    portal, settings, rows, tmp_path
):
    content = csv_bytes(tmp_path, rows)
    answer = send(portal, link_path(settings, rows[0]["organisationsnummer"]), content,
                  name="../../etc/årsrapport.xlsx")  # fmt: skip
    assert answer.status_code == 200, answer.text[-3000:]
    assert "Tack! Filen är mottagen." in answer.text
    (stored,) = list(settings.inbox.iterdir())
    assert stored.read_bytes() == content
    orgnr_digits = rows[0]["organisationsnummer"].replace("-", "")
    assert re.fullmatch(rf"portal_{orgnr_digits}_\d{{8}}T\d{{6}}Z_[0-9a-f]{{12}}\.csv", stored.name)
    assert stored.name in answer.text and "<dd>årsrapport.xlsx</dd>" in answer.text  # no path

    sha = hashlib.sha256(content).hexdigest()
    assert sha in answer.text
    download = re.search(r'href="([^"]+/receipt\?[^"]+)"', answer.text).group(1)
    receipt = portal.get(download.replace("&amp;", "&"))
    assert receipt.status_code == 200 and sha in receipt.text and stored.name in receipt.text
    assert "attachment" in receipt.headers["content-disposition"]
    tampered = download.replace("&amp;", "&").replace("r=", "r=x")
    assert portal.get(tampered).status_code == 403
    # another enterprise's link, valid as it is, cannot show this receipt
    other = link_path(settings, "556036-0793")
    elsewhere = other + download.replace("&amp;", "&")[download.index("/receipt") :]
    assert portal.get(other).status_code == 200 and portal.get(elsewhere).status_code == 403

    run = pipeline.run_pipeline(settings, sample=False, statistics=False)  # the inbox's run
    assert run.step_counts["reports"]["accepted"] == 1
    with duckdb.connect(working(settings), read_only=True) as con:
        loaded = con.execute(
            "select distinct file_sha256, file_name from raw.enterprise_reports"
        ).fetchall()
    assert loaded == [(sha, stored.name)]

    # The published warehouse is read (read-only) for last year's figures, and never changed.
    published = settings.warehouse.read_bytes()
    next_year = dict(rows[0], rapportar=rows[0]["rapportar"] + 1)
    next_year["omsattning_sek"] = next_year["forsaljning_sek"] = rows[0]["omsattning_sek"] * 20
    again = send(portal, link_path(settings, rows[0]["organisationsnummer"]),
                 csv_bytes(tmp_path, [next_year]))  # fmt: skip
    assert again.status_code == 200 and "Att kontrollera (2)" in again.text  # tenfold warnings
    assert settings.warehouse.read_bytes() == published


def test_the_intake_never_reads_an_upload_being_written(tmp_path):
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / f"{PREFIX}0123abcd").write_bytes(b"half a fi")
    assert settled_files(inbox, 0) == ([], [])
    assert refused_entries(inbox) == []


def test_uploads_a_stopped_portal_left_are_removed_when_it_starts(tmp_path):
    import subprocess
    import sys

    settings = portal_settings(tmp_path)
    settings.inbox.mkdir(parents=True)
    scratch = settings.portal_scratch_dir
    # a portal killed (kill -9) in the middle of a check, with a personnummer in the upload
    killed = subprocess.Popen(
        [sys.executable, "-c", KILLED_PORTAL, str(scratch), str(settings.inbox)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    assert killed.stdout.readline().strip() == "checking"
    killed.kill()
    killed.wait()
    left = sorted(p.name for p in [*scratch.iterdir(), *settings.inbox.iterdir()])
    assert len(left) == 2 and all(name.startswith(PREFIX) for name in left), left
    old_style = settings.inbox / f"{PREFIX}0123abcd"  # as earlier versions named theirs
    old_style.write_bytes(b"half")
    running = Scratch(scratch)  # another portal, still running: its files are left alone
    with running.file(b"being checked") as checked:
        being_written = settings.inbox / running.temporary_name()
        being_written.write_bytes(b"being written")
        with running_portal(settings):
            assert sorted(p.name for p in settings.inbox.iterdir()) == [being_written.name]
            ours = [p for p in scratch.iterdir() if p != running.folder]
            assert len(ours) == 1 and list(ours[0].iterdir()) == [ours[0] / ".lock"]  # empty
            assert checked.exists()
    running.close()


KILLED_PORTAL = """
import sys, time
from pathlib import Path
from asfetl.portal.scratch import Scratch
scratch = Scratch(Path(sys.argv[1]))
with scratch.file(b"Kontakt 811218-9876"):
    (Path(sys.argv[2]) / scratch.temporary_name()).write_bytes(b"half")
    print("checking", flush=True)
    time.sleep(60)
"""


def test_the_stored_format_is_what_the_bytes_are_not_the_name_or_type(portal, settings, rows):
    from openpyxl import Workbook

    from tests.reports.report_files import HEADERS

    book = Workbook()
    book.active.append(HEADERS)
    book.active.append([str(rows[0][h]) for h in HEADERS])
    book.save("made.xlsx")
    path = link_path(settings, rows[0]["organisationsnummer"])
    answer = portal.post(
        f"{path}/upload", data={"csrf": csrf_of(portal.get(path))},
        files={"file": ("rapport.csv", Path("made.xlsx").read_bytes(), "text/csv")},
    )  # fmt: skip
    assert answer.status_code == 200, answer.text[-2000:]
    (stored,) = list(settings.inbox.iterdir())
    assert stored.suffix == ".xlsx"


def test_an_inbox_that_cannot_be_written_is_a_503_page_and_nothing_kept(tmp_path, rows):
    settings = portal_settings(tmp_path)
    settings.inbox.parent.mkdir(parents=True)
    settings.inbox.write_text("not a folder")
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        answer = send(client, link_path(settings, rows[0]["organisationsnummer"]),
                      csv_bytes(tmp_path, rows))  # fmt: skip
    assert answer.status_code == 503 and "Inget har sparats." in answer.text
    assert settings.inbox.read_text() == "not a folder"
    assert [p.name for p in settings.portal_scratch_dir.rglob("*") if p.is_file()] == [".lock"]


def test_a_damaged_working_file_only_costs_the_tenfold_warnings(tmp_path, rows, caplog):
    # earlier figures are read from the private working file: the published one has none
    settings = portal_settings(tmp_path)
    settings.warehouse.parent.mkdir(parents=True)
    damaged = Path(working(settings))
    damaged.write_bytes(b"not a duckdb file" * 100)
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        answer = send(client, link_path(settings, rows[0]["organisationsnummer"]),
                      csv_bytes(tmp_path, rows))  # fmt: skip
    assert answer.status_code == 200
    assert "could not be read for earlier figures" in caplog.text
    assert damaged.read_bytes() == b"not a duckdb file" * 100
