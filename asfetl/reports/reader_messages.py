"""The reader's findings in plain words, English and Swedish, and helpers that make them."""

from asfetl.findings import Finding

DATASET = "enterprise_report"

# rule → (English, Swedish); {placeholders} are filled in per finding.
MESSAGES: dict[str, tuple[str, str]] = {
    "file_too_large": (
        "the file is larger than {limit} MB and was not read; a report needs far less",
        "filen är större än {limit} MB och lästes inte; en rapport behöver mycket mindre",
    ),
    "file_over_budget": (
        "the file needs more than {what} to read and was not read; a report needs far less: "
        "send only the report's sheet, without other data",
        "filen kräver mer än {what_sv} för att läsas och lästes inte; en rapport behöver mycket "
        "mindre: skicka bara rapportens blad, utan annat innehåll",
    ),
    "file_empty": ("the file is empty", "filen är tom"),
    "file_unreadable": (
        "the file could not be read ({reason}); save it as Excel (.xlsx) or CSV and send it again",
        "filen gick inte att läsa ({reason_sv}); spara den som Excel (.xlsx) eller CSV och skicka igen",
    ),
    "json_not_a_list": (
        "a JSON report must be a list of objects, one per enterprise and year: [{{…}}, {{…}}]",
        "en JSON-rapport ska vara en lista med objekt, ett per företag och år: [{{…}}, {{…}}]",
    ),
    "json_item_not_an_object": (
        "this item of the list is not an object with column names and values",
        "det här elementet i listan är inte ett objekt med kolumnnamn och värden",
    ),
    "column_missing": (
        "the column is missing: add a column headed {column}",
        "kolumnen saknas: lägg till en kolumn med rubriken {column}",
    ),
    "column_unknown": ("unknown column header; the column is ignored",
                       "okänd kolumnrubrik; kolumnen läses inte"),
    "column_duplicated": ("two columns mean {column}; keep only one of them",
                          "två kolumner betyder {column}; behåll bara en av dem"),
    "column_without_header": ("column {position} holds data but has no header; it is ignored",
                              "kolumn {position} innehåller data men saknar rubrik; den läses inte"),
    "row_extra_cells": (
        "the row has more cells than the header row: check the separator, and that numbers with "
        "a decimal comma are in quotes",
        "raden har fler celler än rubrikraden: kontrollera avgränsaren och att tal med "
        "decimalkomma står inom citattecken",
    ),
    "formula_cell": (
        "the cell holds a formula, which is not read: paste the value (Paste Special → Values)",
        "cellen innehåller en formel, som inte läses: klistra in värdet (Klistra in special → Värden)",
    ),
    "personnummer_found": (
        "the file contains a Swedish personal identity number{where}; reports must not hold "
        "personal data: remove it and send the file again",
        "filen innehåller ett personnummer{where}; rapporter får inte innehålla personuppgifter: "
        "ta bort det och skicka filen igen",
    ),
}  # fmt: skip

# Why a file is unreadable: filled into the file_unreadable message.
REASONS: dict[str, tuple[str, str]] = {
    "unopenable": ("it could not be opened", "den gick inte att öppna"),
    "xls": ("it is in the old Excel format, .xls", "den är i Excels gamla format, .xls"),
    "binary": ("it is neither text nor an Excel workbook", "den är varken text eller en Excelfil"),
    "workbook": ("it is not a complete Excel workbook", "den är inte en hel Excelfil"),
    "csv": ("line {line} cannot be split into cells", "rad {line} går inte att dela i celler"),
    "json_at": ("not valid JSON at line {line}, column {column}",
                "inte giltig JSON på rad {line}, kolumn {column}"),
    "json": ("not valid JSON", "inte giltig JSON"),
    "unexpected": ("unexpected content", "oväntat innehåll"),
    "macros": ("it is a workbook with macros; save it as an Excel workbook (.xlsx) without macros",
               "den är en arbetsbok med makron; spara den som Excel-arbetsbok (.xlsx) utan makron"),
    "embedded": ("it holds pictures or embedded objects, which cannot be checked for personal "
                 "identity numbers; remove them, or copy the report's cells into a new workbook",
                 "den innehåller bilder eller inbäddade objekt, som inte går att kontrollera för "
                 "personnummer; ta bort dem, eller kopiera rapportens celler till en ny arbetsbok"),
    "preview": ("it was saved with a preview picture, which cannot be checked for personal identity "
                "numbers; save it again with 'Save preview picture' (or 'Save thumbnail') turned off",
                "den sparades med en förhandsgranskningsbild, som inte går att kontrollera för "
                "personnummer; spara den igen utan förhandsgranskningsbild (miniatyr)"),
    "not_a_file": ("it is not a regular file (a link, folder or device)",
                   "den är ingen vanlig fil (en länk, mapp eller enhet)"),
}  # fmt: skip

# Which budget a file exceeded: filled into the file_over_budget message ({limit}: the setting).
BUDGETS: dict[str, tuple[str, str]] = {
    "unpacked": ("{limit} unpacked", "{limit} uppackat"),
    "cells": ("{limit} cells", "{limit} celler"),
    "rows": ("{limit} rows", "{limit} rader"),
    "sheets": ("{limit} sheets", "{limit} blad"),
    "seconds": ("{limit}", "{limit}"),
    "cell_text": ("{limit} characters in one cell", "{limit} tecken i en cell"),
}


def finding(file: str, rule: str, *, row: int | None = None, column: str | None = None,
            value: str | None = None, severity: str = "error", **fmt: object) -> Finding:  # fmt: skip
    en, sv = MESSAGES[rule]
    fmt.setdefault("column", column)
    return Finding(DATASET, file, row, column, rule, value, en.format(**fmt), severity,
                   sv.format(**fmt))  # fmt: skip
