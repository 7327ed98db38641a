"""A whole run and the portal over a hostile inbox: afterwards no planted personnummer is in
anything they wrote (every DuckDB file under the warehouse folder, exports, landing, feedback,
kept copies, the run's and the portal's logs, Prefect's database, the portal's HTTP answers),
found by the normalised detector and by every spelling in UTF-8 and UTF-16, inside compressed
files and database pages too.

The inbox holds last round's cases (numbers in names, sheet names, properties, notes, a
picture's bytes, an embedded object, a preview picture, the printer settings) and this round's:
a __MACOSX folder, a symbolic link, a named pipe, the twelve spellings of a number in a file
name, a workbook part named with one, a number split over two unknown columns, two files
replaced under the run after intake read them, and one still being written."""

import io
import logging
import os
import re
import sqlite3
import subprocess
import sys
import threading
import time
import zipfile
from pathlib import Path

import duckdb
import httpx

from asfetl.reports import identifiers
from asfetl.settings import load_settings
from tests.background import PREFECT, background, free_port, healthy, prefect_env, wait_until
from tests.conftest import cli_env
from tests.pipeline_helpers import working
from tests.portal.server import SECRET, csrf_of, link_path, running_portal
from tests.reports.hostile.corpus import (
    NAME_SPELLINGS,
    PLANTED,
    encodings_of,
    part_named,
    spellings,
    split_csv,
    with_embedding,
    with_picture,
    with_preview,
    with_printer_settings,
    workbook_with,
)
from tests.reports.report_files import HEADERS, valid_rows, write_csv

# Numbers only this test plants: in files no run may read, or in versions written under it.
UNREAD = {
    "macosx": "790101-2388",  # in a file inside the __MACOSX folder
    "linked": "811111-1117",  # in the file a symbolic link points to
    "replaced": "870707-7772",  # the version renamed over a file after intake read it
    "in_place": "910909-9992",  # the version written in place after intake read it
}
ALL = PLANTED | UNREAD
NOT_A_DIGIT = re.compile(r"[^0-9]+")

# The run, in a child process as a user runs it; the inbox changes between intake and filing.
CHANGING_RUN = """
import os, sys
from pathlib import Path
from asfetl.cli.main import main
from asfetl.operations import pipeline

inbox, later = Path(sys.argv[1]), Path(sys.argv[2])
real = pipeline.transform_models

def and_the_inbox_changes(ctx, upstream):  # after intake has read every file, before filing
    os.replace(later / "renamed.csv", inbox / "changed-renamed.csv")
    mtime = (inbox / "changed-in-place.csv").stat().st_mtime_ns
    (inbox / "changed-in-place.csv").write_bytes((later / "in_place.csv").read_bytes())
    os.utime(inbox / "changed-in-place.csv", ns=(mtime, mtime))  # its old time kept
    return real(ctx, upstream)

and_the_inbox_changes.__name__ = real.__name__  # the flow names its tasks by the step
pipeline.transform_models = and_the_inbox_changes
sys.exit(main(["run"]))
"""


def with_number(rows: list[dict], number: str) -> list[dict]:
    rows = [dict(r) for r in rows]
    rows[0]["foretagsnamn"] = f"Kontakt {number}"
    return rows


def plant(inbox: Path, tmp_path: Path) -> dict[str, Path]:
    """Last round's files, this round's, and the versions that replace two files under the run;
    returns the files whose bytes the run must file as they were read."""
    inbox.mkdir(parents=True)
    write_csv(inbox / f"rapport {PLANTED['name']}.csv", valid_rows(2))
    write_csv(
        inbox / "unicode.csv", with_number(valid_rows(1), PLANTED["utf16"]), encoding="utf-16"
    )
    (inbox / "large.csv").write_text(f"{PLANTED['large']};" * 2_000_000)  # over 20 MB
    table = [HEADERS] + [[str(r[h]) for h in HEADERS] for r in valid_rows(1)]
    workbook_with(inbox / "sheet.xlsx", table, sheet=f"Anna {PLANTED['sheet']}")
    workbook_with(inbox / "props.xlsx", table, creator=f"Anna {PLANTED['props']}")
    workbook_with(inbox / "note.xlsx", table, note=f"ring {PLANTED['note']}")
    named = [row[:] for row in table]
    named[1][HEADERS.index("foretagsnamn")] = f"Kontakt {PLANTED['renamed']}"
    workbook_with(inbox / "rapport.csv", named)  # an xlsx under a .csv name
    spaced = with_number(valid_rows(1), PLANTED["space"].replace("-", " "))
    write_csv(inbox / "space.csv", spaced)
    with_picture(inbox / "picture.xlsx", table, f"Anna {PLANTED['picture']}")
    with_embedding(inbox / "embedded.xlsx", table, f"Anna {PLANTED['embedded']}")
    with_printer_settings(inbox / "printer.xlsx", table, f"HP {PLANTED['printer']}")
    with_preview(inbox / "preview.xlsx", table, f"Anna {PLANTED['preview']}")
    write_csv(inbox / "good.csv", valid_rows(3))
    # this round: entries that are not files
    (inbox / "__MACOSX").mkdir()
    write_csv(inbox / "__MACOSX" / "._good.csv", with_number(valid_rows(1), UNREAD["macosx"]))
    outside = write_csv(tmp_path / "outside.csv", with_number(valid_rows(1), UNREAD["linked"]))
    (inbox / "link.csv").symlink_to(outside)
    os.mkfifo(inbox / "pipe.csv")
    # the twelve spellings of a number in a name, a part's name, a split number
    distinct = valid_rows(12)  # one enterprise each: no two files the same bytes
    for i, spelling in enumerate(NAME_SPELLINGS.values()):
        write_csv(inbox / f"r{i:02d} {spelling}.csv", distinct[i : i + 1])
    part_named(inbox / "part.xlsx", table, PLANTED["part"])
    split_csv(inbox / "split.csv", valid_rows(1), PLANTED["split"])
    # replaced under the run: the versions read hold no number, the later ones do
    others = valid_rows(6)[4:]
    read = {
        "changed-renamed.csv": write_csv(inbox / "changed-renamed.csv", others[:1]),
        "changed-in-place.csv": write_csv(inbox / "changed-in-place.csv", others[1:]),
    }
    later = tmp_path / "later"
    later.mkdir()
    write_csv(later / "renamed.csv", with_number(others[:1], UNREAD["replaced"]))
    write_csv(later / "in_place.csv", with_number(others[1:], UNREAD["in_place"]))
    return {name: path.read_bytes() for name, path in read.items()}


def texts_of(path: Path) -> list[bytes]:
    """The file's bytes, and what compression or a database would hide: zip members, every
    table of a DuckDB, SQLite or Parquet file as text."""
    raw = path.read_bytes()
    found = [raw]
    if raw.startswith(b"PK\x03\x04"):
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            found += [archive.read(i) for i in archive.infolist()]
    if path.suffix == ".duckdb":
        with duckdb.connect(str(path), read_only=True) as con:
            tables = con.execute(
                "select table_schema, table_name from information_schema.tables"
            ).fetchall()
            for schema, table in tables:
                rows = con.execute(f'select * from "{schema}"."{table}"').fetchall()
                found.append(repr(rows).encode())
    if raw.startswith(b"SQLite format 3\x00"):
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as con:
            found.append("\n".join(con.iterdump()).encode())
    if path.suffix == ".parquet":
        found.append(repr(duckdb.sql(f"select * from '{path}'").fetchall()).encode())
    return found


def written_as(number: str) -> list[str]:
    """The corpus's spellings, and the number split over two cells of a CSV."""
    yymmdd, serial = number.split("-")
    return [*spellings(number), *(f"{yymmdd}{sep}{serial}" for sep in ";,\t")]


def digits(number: str) -> str:
    return number.replace("-", "")


def scan(files: list[Path], root: Path) -> tuple[list[str], int]:
    """Every (file, planted number) found, by the normalised detector (any spelling the
    detector knows) and by each spelling's bytes; and the number of bytes read."""
    wanted = {digits(n)[-10:]: key for key, n in ALL.items()}
    needles = {key: [b for s in written_as(n) for b in encodings_of(s)] for key, n in ALL.items()}
    # Every spelling holds the number's date part (YYMMDD) as it is: a blob without the date in
    # any encoding holds no spelling, so only blobs with it are searched for all 24 (the scan's
    # longest part otherwise: 24 searches of every blob for each number).
    dates = {key: encodings_of(n.split("-")[0]) for key, n in ALL.items()}
    leaks, size = set(), 0
    for path in files:
        shown = str(path.relative_to(root))
        blobs = [*texts_of(path), shown.encode()]
        size += sum(len(b) for b in blobs)
        for key, forms in needles.items():
            has_date = [blob for blob in blobs if any(date in blob for date in dates[key])]
            if any(form in blob for blob in has_date for form in forms):
                leaks.add(f"{shown}: {key}")
        for blob in blobs:
            for encoding in ("utf-8", "utf-16-le", "utf-16-be"):
                text = blob.decode(encoding, errors="ignore")
                # A span the detector finds keeps its digits in a row once everything but the
                # digits is taken out of the normalised text: where no planted number is in
                # that row, the detector has nothing to find (its slow part is skipped).
                row = NOT_A_DIGIT.sub("", identifiers.normalised(text))
                if not any(number in row for number in wanted):
                    continue
                for start, end in identifiers.personnummer_spans(text):
                    found = "".join(
                        ch for ch in identifiers.normalised(text[start:end]) if ch.isdigit()
                    )[-10:]
                    if found in wanted:
                        leaks.add(f"{shown}: {wanted[found]}")
    return sorted(leaks), size


def write_in_bursts(path: Path, stop: threading.Event) -> None:
    """A report written a row at a time, with pauses, for as long as the run lasts."""
    rows = valid_rows(9)[6:]
    with path.open("w", encoding="utf-8", newline="") as out:
        out.write(";".join(HEADERS) + "\n")
        while not stop.is_set():
            for row in rows:
                out.write(";".join(str(row[h]) for h in HEADERS) + "\n")
                out.flush()
                time.sleep(0.3)


def portal_answers(settings, folder: Path) -> list[Path]:
    """Hostile uploads through the portal; every answer it gave, as files to scan."""
    folder.mkdir()
    table = [HEADERS] + [[str(r[h]) for h in HEADERS] for r in valid_rows(1)]
    made = folder.parent / "made"
    made.mkdir()
    orgnr = valid_rows(1)[0]["organisationsnummer"]
    uploads = [(f"rapport {s}.csv", write_csv(made / f"{i}.csv", valid_rows(1)).read_bytes())
               for i, s in enumerate(NAME_SPELLINGS.values())]  # fmt: skip
    uploads.append(("delad.csv", split_csv(made / "split.csv", valid_rows(1), PLANTED["split"])
                    .read_bytes()))  # fmt: skip
    uploads.append(
        ("del.xlsx", part_named(made / "part.xlsx", table, PLANTED["part"]).read_bytes())
    )
    answers = []
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        path = link_path(settings, orgnr)
        for i, (name, content) in enumerate(uploads):
            answer = client.post(f"{path}/upload?lang=sv", data={"csrf": csrf_of(client.get(path))},
                                 files={"file": (name, content)})  # fmt: skip
            assert answer.status_code == 422, (name, answer.status_code)
            answers.append(folder / f"{i:02d}.html")
            answers[-1].write_text(answer.text, encoding="utf-8")
    for file in made.iterdir():
        file.unlink()
    made.rmdir()
    return answers


def test_a_hostile_inbox_leaves_no_personnummer_in_anything_the_run_or_portal_wrote(
    served_settings, tmp_path, caplog, prefect_home
):
    given = served_settings.model_dump(exclude_unset=True)
    settings = load_settings(**given, portal_secret=SECRET, portal_scratch_dir=tmp_path / "scratch")
    inbox, warehouse_dir = settings.inbox, settings.warehouse_dir
    read = plant(inbox, tmp_path)
    before, _ = scan(sorted(p for p in inbox.rglob("*") if p.is_file() and not p.is_symlink()),
                     inbox)  # fmt: skip
    planted = {leak.rsplit(": ", 1)[1] for leak in before}
    assert planted == set(PLANTED) | {"macosx"}  # the scan finds every number where it was put
    stop = threading.Event()
    writer = threading.Thread(target=write_in_bursts, args=(inbox / "bursts.csv", stop))
    writer.start()
    time.sleep(0.5)
    home, logs = prefect_home, tmp_path / "logs"  # its database migrated already
    logs.mkdir()
    port = free_port()
    api = f"http://127.0.0.1:{port}/api"
    env = prefect_env(cli_env(
        ASFETL_WAREHOUSE=str(settings.warehouse), ASFETL_INBOX=str(inbox),
        ASFETL_SCB_BASE_URL=settings.scb_base_url, ASFETL_KOLADA_BASE_URL=settings.kolada_base_url,
        ASFETL_INBOX_SETTLE_SECONDS="1", ASFETL_LOCK_TIMEOUT="0",
    ), home, api)  # fmt: skip
    try:  # the test's own Prefect server: its database is in `home`, scanned below
        with background(logs) as processes:
            processes.start("prefect-server", [*PREFECT, "server", "start", "--host", "127.0.0.1",
                                               "--port", str(port)], env)  # fmt: skip
            wait_until(lambda: healthy(api), time.monotonic() + 180, "the Prefect server")
            run = subprocess.run(
                [sys.executable, "-c", CHANGING_RUN, str(inbox), str(tmp_path / "later")],
                env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
    finally:
        stop.set()
        writer.join()
    (logs / "run.log").write_text(run.stdout + run.stderr, encoding="utf-8")
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stdout + run.stderr
    said = run.stdout + run.stderr
    assert "__MACOSX is a folder, not a report file: left where it is, not read" in said

    with duckdb.connect(working(settings), read_only=True) as con:  # the reports' rows: private
        decided = dict(con.execute("select file_name, decision from ops.report_files").fetchall())
        loaded = con.execute(
            "select file_name, file_sha256, count(*) from raw.enterprise_reports group by all"
        ).fetchall()
    import hashlib

    outcomes = {
        "12 name spellings": [decided[n] for n in decided if n.startswith("r") and n[1:3].isdigit()],
        "part name": decided["part.xlsx"], "split": decided["split.csv"],
        "renamed over": decided["changed-renamed.csv"],
        "in place": decided["changed-in-place.csv"], "bursts": decided["bursts.csv"],
        "good": decided["good.csv"],
    }  # fmt: skip
    assert outcomes["12 name spellings"] == ["rejected"] * 12, decided
    assert {n for n in decided if n.startswith("r") and n[1:3].isdigit()} == {
        f"r{i:02d} ÅÅMMDD-XXXX.csv" for i in range(12)
    }
    assert (outcomes["part name"], outcomes["split"], outcomes["bursts"]) == (
        "rejected", "rejected", "deferred")  # fmt: skip
    assert (outcomes["renamed over"], outcomes["in place"], outcomes["good"]) == ("accepted",) * 3
    # exactly the bytes read were loaded and filed; the later versions wait in the inbox
    shas = {name: sha for name, sha, _ in loaded}
    for name, content in read.items():
        assert shas[name] == hashlib.sha256(content).hexdigest()
        (filed,) = (warehouse_dir / "accepted").rglob(f"*_{name}")
        assert filed.read_bytes() == content
    left = sorted(p.name for p in inbox.iterdir())
    assert left == [".asfetl-noticed.json", "__MACOSX", "bursts.csv", "changed-in-place.csv",
                    "changed-renamed.csv", "link.csv", "pipe.csv"], left  # fmt: skip
    assert not any(name == "bursts.csv" for name, _, _ in loaded)
    outcomes["12 name spellings"] = "12 × rejected, stored as r<NN> ÅÅMMDD-XXXX.csv"
    outcomes["left alone"] = ", ".join(n for n in left if not n.startswith(".") and n not in read
                                       and n != "bursts.csv")  # fmt: skip
    print("\n" + "\n".join(f"| {case} | {outcome} |" for case, outcome in outcomes.items()))

    with caplog.at_level(logging.INFO, logger="asfetl"):
        answers = portal_answers(settings, tmp_path / "http")
    (logs / "portal.log").write_text("\n".join(r.getMessage() for r in caplog.records))

    # everything the run and the portal wrote; the inbox is their input, not their output
    written = [p for p in warehouse_dir.rglob("*") if p.is_file() and inbox not in p.parents]
    databases = [p for p in written if p.suffix == ".duckdb"]
    prefect = [p for p in home.rglob("*") if p.is_file()]
    scratch = [p for p in settings.portal_scratch_dir.rglob("*") if p.is_file()]
    files = [*written, *prefect, *scratch, *answers, *logs.iterdir()]
    assert databases and any(p.suffix == ".db" for p in prefect) and len(written) > 20
    leaks, size = scan(files, tmp_path)
    print(
        f"\nscanned {len(files)} files ({size / 2**20:.1f} MB: {len(databases)} warehouse "
        f"databases, {len(written) - len(databases)} other warehouse files, {len(prefect)} "
        f"Prefect files, {len(answers)} HTTP answers, {len(list(logs.iterdir()))} logs, "
        f"{len(scratch)} scratch) for "
        f"{len(ALL)} planted numbers, normalised and in {len(written_as('850312-2387')) * 3} "
        "spellings each: "
        f"{len(leaks)} found {leaks}"
    )
    assert leaks == []
