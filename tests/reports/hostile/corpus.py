"""Generators of hostile report files (bombs, macros, pictures, embedded objects, hidden
personnummer); nothing is committed.

The benchmarks (benchmarks/hostile.py) use the same generators.
"""

import random
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"'
REL_NS = 'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
SHEET_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"
BOOK_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
MACRO_BOOK_TYPE = "application/vnd.ms-excel.sheet.macroEnabled.main+xml"


def _content_types(sheets: int, book_type: str = BOOK_TYPE, extra: str = "") -> str:
    overrides = "".join(
        f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{SHEET_TYPE}"/>'
        for i in range(1, sheets + 1)
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        f'<Override PartName="/xl/workbook.xml" ContentType="{book_type}"/>{overrides}{extra}'
        "</Types>"
    )


def write_workbook(
    path: Path,
    sheets: list[tuple[str, object]],
    *,
    shared: list[str] | None = None,
    book_type: str = BOOK_TYPE,
    extra_parts: dict[str, bytes | str] | None = None,
) -> Path:
    """An xlsx written part by part; a sheet's body is a string or an iterable of XML chunks
    (streamed into the archive, so a bomb never sits in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr("[Content_Types].xml", _content_types(len(sheets), book_type))
        z.writestr(
            "_rels/.rels",
            f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{DOC_REL}/'
            'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        )
        entries = "".join(
            f'<sheet name="{name}" sheetId="{i}" r:id="rId{i}"/>'
            for i, (name, _) in enumerate(sheets, 1)
        )
        z.writestr(
            "xl/workbook.xml", f"<workbook {NS} {REL_NS}><sheets>{entries}</sheets></workbook>"
        )
        rels = "".join(
            f'<Relationship Id="rId{i}" Type="{DOC_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
            for i in range(1, len(sheets) + 1)
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels", f'<Relationships xmlns="{PKG_REL}">{rels}</Relationships>'
        )
        if shared is not None:
            items = "".join(f"<si><t>{s}</t></si>" for s in shared)
            z.writestr("xl/sharedStrings.xml", f"<sst {NS}>{items}</sst>")
        for i, (_, body) in enumerate(sheets, 1):
            with z.open(f"xl/worksheets/sheet{i}.xml", "w", force_zip64=True) as out:
                out.write(f"<worksheet {NS}><sheetData>".encode())
                for chunk in [body] if isinstance(body, str) else body:
                    out.write(chunk.encode())
                out.write(b"</sheetData></worksheet>")
        for name, data in (extra_parts or {}).items():
            z.writestr(name, data)
    return path


def table_rows(rows: list[list[str]]) -> str:
    """Inline-string cells: a small, valid sheet body."""
    out = []
    for r, row in enumerate(rows, 1):
        cells = "".join(f'<c t="inlineStr"><is><t>{escape(v)}</t></is></c>' for v in row)
        out.append(f'<row r="{r}">{cells}</row>')
    return "".join(out)


def cell_bomb(path: Path, unpacked_mb: float = 190) -> Path:
    """The tester's bomb: a small file whose one sheet unpacks to `unpacked_mb` MB of cells."""
    row = "<row>" + "<c><v>1</v></c>" * 1000 + "</row>"
    count = int(unpacked_mb * 2**20 / len(row))
    return write_workbook(path, [("Rapport", (row for _ in range(count)))])


def noisy_bomb(path: Path, unpacked_mb: float = 190, seed: int = 15) -> Path:
    """The tester's larger variant: random values, so it compresses far less (~19 MB)."""
    rng = random.Random(seed)
    # 400 random rows (about 2 MB, far beyond deflate's 32 KB window) repeated: random to zlib.
    pool = [
        "<row>" + "".join(f"<c><v>{rng.randrange(10**3)}</v></c>" for _ in range(500)) + "</row>"
        for _ in range(400)
    ]

    def rows():
        made, i = 0, 0
        while made < unpacked_mb * 2**20:
            made += len(pool[i % len(pool)])
            yield pool[i % len(pool)]
            i += 1

    return write_workbook(path, [("Rapport", rows())])


def cells_within_size(path: Path, cells: int = 1_200_000) -> Path:
    """Honest sizes under the unpacked budget, but more cells than the cell budget."""
    row = "<row>" + "<c><v>1</v></c>" * 100 + "</row>"
    return write_workbook(path, [("Rapport", (row for _ in range(cells // 100)))])


def rows_bomb(path: Path, rows: int = 200_000) -> Path:
    return write_workbook(path, [("Rapport", ("<row/>" for _ in range(rows)))])


def strings_bomb(path: Path, strings: int = 1_200_000) -> Path:
    return write_workbook(path, [("Rapport", "")], shared=["a"] * strings)


def many_sheets(path: Path, sheets: int = 60) -> Path:
    return write_workbook(path, [(f"Blad{i}", "") for i in range(sheets)])


def macro_workbook(path: Path, rows: list[list[str]]) -> Path:
    """A macro-enabled workbook (vbaProject.bin, macro content type) renamed .xlsx."""
    return write_workbook(
        path,
        [("Rapport", table_rows(rows))],
        book_type=MACRO_BOOK_TYPE,
        extra_parts={"xl/vbaProject.bin": b"\xd0\xcf\x11\xe0" + bytes(512)},
    )


def png_with_text(text: str) -> bytes:
    """A 1×1 PNG whose tEXt chunk carries `text` as plain bytes (what a photo's metadata or a
    screenshot's caption may hold)."""
    import struct
    import zlib

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"tEXt", b"Comment\x00" + text.encode("latin-1"))
            + chunk(b"IDAT", zlib.compress(b"\x00\x00")) + chunk(b"IEND", b""))  # fmt: skip


def with_picture(path: Path, rows: list[list[str]], text: str) -> Path:
    """A workbook with a picture (xl/media/) whose bytes hold `text`."""
    drawing = (
        '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/'
        'spreadsheetDrawing"/>'
    )
    rels = (
        f'<Relationships xmlns="{PKG_REL}"><Relationship Id="rId1" Type="{DOC_REL}/image" '
        'Target="../media/image1.png"/></Relationships>'
    )
    return write_workbook(path, [("Rapport", table_rows(rows))], extra_parts={
        "xl/drawings/drawing1.xml": drawing, "xl/drawings/_rels/drawing1.xml.rels": rels,
        "xl/media/image1.png": png_with_text(text)})  # fmt: skip


def with_preview(path: Path, rows: list[list[str]], text: str) -> Path:
    """A workbook saved with a preview picture (docProps/thumbnail.jpeg) whose bytes hold
    `text`, as a picture of a sheet that once showed it would."""
    jpeg = b"\xff\xd8\xff\xfe" + len(text).to_bytes(2, "big") + text.encode("latin-1") + b"\xff\xd9"
    return write_workbook(path, [("Rapport", table_rows(rows))],
                          extra_parts={"docProps/thumbnail.jpeg": jpeg})  # fmt: skip


def with_embedding(path: Path, rows: list[list[str]], text: str) -> Path:
    """A workbook with an embedded OLE object (xl/embeddings/) holding `text` in UTF-16, as a
    Word document's text would be."""
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504) + text.encode("utf-16-le")
    return write_workbook(path, [("Rapport", table_rows(rows))],
                          extra_parts={"xl/embeddings/oleObject1.bin": ole})  # fmt: skip


def with_printer_settings(path: Path, rows: list[list[str]], printer: str) -> Path:
    """A workbook with Excel's printer settings (a DEVMODE: the printer's name in UTF-16, 32
    characters, then binary fields)."""
    devmode = printer.encode("utf-16-le")[:64].ljust(64, b"\x00") + bytes(156)
    return write_workbook(path, [("Rapport", table_rows(rows))],
                          extra_parts={"xl/printerSettings/printerSettings1.bin": devmode})  # fmt: skip


# Planted personnummer: each test file gets its own, so a scan tells which one leaked.
PLANTED = {
    "name": "850312-2387",  # the tester's, in a file name
    "utf16": "811218-9876",
    "large": "900101-1239",
    "sheet": "780615-1234",
    "props": "691023-4456",
    "note": "550505-5557",
    "renamed": "620224-2381",
    "space": "730911-8896",
    "picture": "640823-3234",
    "embedded": "710404-5518",
    "printer": "590909-1125",
    "preview": "830130-7743",
    "part": "760421-5140",  # an xlsx part's name (issue 25: customXml/item_…)
    "split": "670707-2382",
}


def spellings(number: str) -> list[str]:
    """Every way a planted number may have been written down: with the dash, without a
    separator, with a space, and with the century."""
    yymmdd, serial = number.split("-")
    century = "19" if int(yymmdd[:2]) > 25 else "20"
    return [number, yymmdd + serial, f"{yymmdd} {serial}", f"{century}{number}",
            f"{century}{yymmdd}{serial}"]  # fmt: skip


def encodings_of(text: str) -> list[bytes]:
    return [text.encode(e) for e in ("utf-8", "utf-16-le", "utf-16-be")]


def workbook_with(path: Path, rows: list[list[str]], *, sheet: str = "Rapport",
                  creator: str = "", note: str = "") -> Path:  # fmt: skip
    """A small valid workbook, with a sheet name, a creator (core properties) and a cell note."""
    extra = {}
    if creator:
        extra["docProps/core.xml"] = (
            '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/'
            'metadata/core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f"<dc:creator>{escape(creator)}</dc:creator></cp:coreProperties>"
        )
    if note:
        extra["xl/comments1.xml"] = (
            f"<comments {NS}><authors><author>x</author></authors><commentList>"
            f'<comment ref="A1" authorId="0"><text><t>{escape(note)}</t></text></comment>'
            "</commentList></comments>"
        )
    return write_workbook(path, [(sheet, table_rows(rows))], extra_parts=extra)


FULLWIDTH = str.maketrans("0123456789-", "０１２３４５６７８９－")
# The twelve ways the tester wrote one personnummer in a file name (issue 25).
NAME_SPELLINGS = {
    "hyphen": "850312-2387",
    "none": "8503122387",
    "plus": "850312+2387",
    "en dash": "850312\u20132387",
    "no-break space": "850312\u00a02387",
    "non-breaking hyphen": "850312\u20112387",
    "hyphen U+2010": "850312\u20102387",
    "figure dash": "850312\u20122387",
    "minus sign": "850312\u22122387",
    "fullwidth hyphen": "850312\uff0d2387",
    "underscore": "850312_2387",
    "fullwidth digits": "850312-2387".translate(FULLWIDTH),
}


def split_csv(path: Path, rows: list[dict], number: str) -> Path:
    """A report with two extra, unknown columns holding one personnummer split over them."""
    from tests.reports.report_files import HEADERS

    yymmdd, serial = number.split("-")
    lines = [";".join([*HEADERS, "extra1", "extra2"])]
    lines += [";".join([*(str(r[h]) for h in HEADERS), yymmdd, serial]) for r in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def part_named(path: Path, rows: list[list[str]], number: str) -> Path:
    """A valid workbook carrying an extra part whose name holds a personnummer."""
    return write_workbook(path, [("Rapport", table_rows(rows))],
                          extra_parts={f"customXml/item_{number}.xml": "<a/>"})  # fmt: skip
