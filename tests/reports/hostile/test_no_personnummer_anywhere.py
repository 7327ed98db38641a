"""A whole run over a hostile inbox: afterwards no planted personnummer is in any file the run
wrote (warehouse, exports, landing, feedback, rejected/, accepted/), in UTF-8 or UTF-16, with or
without separators, inside compressed files and database pages too; the inbox holds numbers in
names, sheet names, properties, notes, a picture's bytes, an embedded object, a preview picture
and the printer settings."""

import io
import zipfile
from pathlib import Path

import duckdb

from asfetl.operations import pipeline
from tests.reports.hostile.corpus import (
    PLANTED,
    encodings_of,
    spellings,
    with_embedding,
    with_picture,
    with_preview,
    with_printer_settings,
    workbook_with,
)
from tests.reports.report_files import HEADERS, valid_rows, write_csv


def plant(inbox: Path) -> None:
    inbox.mkdir(parents=True)
    write_csv(inbox / f"rapport {PLANTED['name']}.csv", valid_rows(2))
    rows = valid_rows(1)
    rows[0]["foretagsnamn"] = f"Kontakt {PLANTED['utf16']}"
    write_csv(inbox / "unicode.csv", rows, encoding="utf-16")
    (inbox / "large.csv").write_text(f"{PLANTED['large']};" * 2_000_000)  # over 20 MB
    table = [HEADERS] + [[str(r[h]) for h in HEADERS] for r in valid_rows(1)]
    workbook_with(inbox / "sheet.xlsx", table, sheet=f"Anna {PLANTED['sheet']}")
    workbook_with(inbox / "props.xlsx", table, creator=f"Anna {PLANTED['props']}")
    workbook_with(inbox / "note.xlsx", table, note=f"ring {PLANTED['note']}")
    named = [row[:] for row in table]
    named[1][HEADERS.index("foretagsnamn")] = f"Kontakt {PLANTED['renamed']}"
    workbook_with(inbox / "rapport.csv", named)  # an xlsx under a .csv name
    rows = valid_rows(1)
    rows[0]["foretagsnamn"] = f"Kontakt {PLANTED['space'].replace('-', ' ')}"
    write_csv(inbox / "space.csv", rows)
    with_picture(inbox / "picture.xlsx", table, f"Anna {PLANTED['picture']}")
    with_embedding(inbox / "embedded.xlsx", table, f"Anna {PLANTED['embedded']}")
    with_printer_settings(inbox / "printer.xlsx", table, f"HP {PLANTED['printer']}")
    with_preview(inbox / "preview.xlsx", table, f"Anna {PLANTED['preview']}")
    write_csv(inbox / "good.csv", valid_rows(3))


def texts_of(path: Path) -> list[bytes]:
    """The file's bytes, and what compression or a database would hide: zip members, and every
    table of a DuckDB file or a Parquet file as text."""
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
    if path.suffix == ".parquet":
        found.append(repr(duckdb.sql(f"select * from '{path}'").fetchall()).encode())
    return found


def scan(folder: Path) -> list[str]:
    """Every (file, planted number) where any spelling in any encoding was found."""
    needles = {
        key: [b for s in spellings(n) for b in encodings_of(s)] for key, n in PLANTED.items()
    }
    leaks = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and not p.is_symlink()):
        blobs = [*texts_of(path), str(path.relative_to(folder)).encode()]
        for key, forms in needles.items():
            if any(form in blob for blob in blobs for form in forms):
                leaks.append(f"{path.relative_to(folder)}: {key}")
    return leaks


def test_a_hostile_inbox_leaves_no_personnummer_in_anything_the_run_wrote(served_settings):
    settings = served_settings
    plant(settings.inbox)
    planted = {leak.rsplit(": ", 1)[1] for leak in scan(settings.inbox)}
    assert planted == set(PLANTED)  # the scan finds every planted number where it was put
    run = pipeline.run_pipeline(settings, sample=False)
    assert run.status == "success"
    reports = run.step_counts["reports"]
    assert (reports["accepted"], reports["rejected"]) == (1, 12), reports
    assert list(settings.inbox.iterdir()) == []
    files = [p for p in settings.warehouse_dir.rglob("*") if p.is_file()]
    assert len(files) > 20  # warehouse, exports, landing, feedback, accepted, rejected
    leaks = scan(settings.warehouse_dir)
    print(f"scanned {len(files)} files the run wrote for {len(PLANTED)} planted numbers: {leaks}")
    assert leaks == []
    assert "ÅÅMMDD-XXXX" in run.summary and PLANTED["name"] not in run.summary
