"""The enterprise report's documentation for submitters and analysts, made from the schema."""

from asfetl.reports.schema import COLUMNS, CROSS_RULES
from asfetl.reports.template import rule_text

SECTIONS = {
    "sv": {
        "title": "## Svenska: så fyller du i rapporten",
        "columns": "| Kolumnrubrik | Engelsk rubrik | Betydelse | Beskrivning | Exempel | Regel |",
        "cross": "### Regler mellan kolumner",
        "files": "### Filer",
        "file_lines": [
            "- CSV: UTF-8, UTF-8 med BOM eller Windows-1252; komma eller semikolon som avgränsare; "
            "decimalkomma och mellanslag (även hårt mellanslag) mellan tusental, som svenska Excel skriver.",
            "- Excel (.xlsx): första bladet läses; inga formler (klistra in värden).",
            "- JSON: en lista med objekt, ett per företag och år.",
            "- Rubriker matchas utan hänsyn till versaler, mellanslag runt om, å/ä/ö mot a/o, "
            "och '-' eller mellanslag i stället för '_'. De engelska rubrikerna godtas också.",
        ],
        "what": "### Vad händer med filen",
        "what_lines": [
            "- En fil godtas eller avvisas i sin helhet. Vid avvisning får du en återkoppling på "
            "svenska och engelska med varje fel: rad (som i ditt kalkylark), kolumn, regel och värde.",
            "- Ett personnummer i filen gör att den avvisas; numret tas bort ur allt som sparas.",
            "- En senare rapport för samma organisationsnummer och år ersätter den tidigare; "
            "den tidigare sparas som historik.",
            "- Siffror som är mer än tio gånger (eller under en tiondel av) förra årets markeras "
            "för kontroll men godtas.",
        ],
    },
    "en": {
        "title": "## English: how to fill in the report",
        "columns": "| Column header | English header | Meaning | Description | Example | Rule |",
        "cross": "### Rules between columns",
        "files": "### Files",
        "file_lines": [
            "- CSV: UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon separated; decimal "
            "comma and spaces (also non-breaking) between thousands, as Swedish Excel writes them.",
            "- Excel (.xlsx): the first sheet is read; no formulas (paste values).",
            "- JSON: a list of objects, one per enterprise and year.",
            "- Headers match ignoring case, surrounding spaces, å/ä/ö against a/o, and '-' or "
            "space instead of '_'. The English headers are accepted too.",
        ],
        "what": "### What happens to a file",
        "what_lines": [
            "- A file is accepted or rejected as a whole. A rejection comes with feedback in Swedish "
            "and English listing every error: row (as in your spreadsheet), column, rule and value.",
            "- A personal identity number in the file rejects it; the number is removed from "
            "everything that is kept.",
            "- A later report for the same organisation number and year replaces the earlier one; "
            "the earlier one is kept as history.",
            "- Figures more than ten times (or under a tenth of) last year's are flagged for a "
            "check but accepted.",
        ],
    },
}


def render_markdown() -> str:
    lines = [
        "# The enterprise report / Företagens årsrapport",
        "",
        "Generated from `asfetl/reports/schema.py` by `scripts/make_report_docs.py`; do not edit.",
        "",
    ]
    for lang, text in SECTIONS.items():
        lines += [text["title"], "", text["columns"], "|---|---|---|---|---|---|"]
        for c in COLUMNS:
            label, help_text = (c.label_sv, c.help_sv) if lang == "sv" else (c.label_en, c.help_en)
            lines.append(
                f"| `{c.name}` | `{c.alias}` | {label} | {help_text} | {c.example} | "
                f"{rule_text(c, lang)} |"
            )
        lines += ["", text["cross"], ""]
        lines += [f"- {r.message_sv if lang == 'sv' else r.message_en}" for r in CROSS_RULES]
        lines += ["", text["files"], "", *text["file_lines"], "", text["what"], ""]
        lines += [*text["what_lines"], ""]
    return "\n".join(lines)
