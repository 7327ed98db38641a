"""The enterprise report's documentation for submitters and analysts, made from the schema."""

from asfetl.reports.schema import COLUMNS, CROSS_RULES
from asfetl.reports.template import cross_rule_text, help_text, kind_text, label, rule_text

SECTIONS = {
    "sv": {
        "title": "## Svenska: så fyller du i rapporten",
        "intro": [
            "Varje arbetsintegrerande socialt företag (ASF) rapporterar en rad per år. "
            "Mallen skrivs av `asfetl reports template` (Excel med instruktioner och "
            "inmatningskontroll, eller CSV); `asfetl reports check FIL` visar om en fil godtas.",
        ],
        "columns": "### Kolumner",
        "table": "Kolumnrubrik|Engelsk rubrik|Betydelse|Typ|Beskrivning|Exempel|Regel",
        "required": "Alla kolumner ska finnas och varje rad ska ha ett värde i varje kolumn.",
        "cross": "### Regler mellan kolumner",
        "cross_intro": "Gäller inom varje rad:",
        "example": "### Exempel (CSV med semikolon)",
        "files": "### Filformat",
        "files_lines": [
            "- **CSV**: teckenkodning UTF-8, UTF-8 med BOM eller Windows-1252; komma eller "
            "semikolon som avgränsare; decimalkomma eller decimalpunkt; mellanslag eller hårt "
            "mellanslag mellan tusental, som svenska Excel skriver.",
            "- **Excel (.xlsx)**: första bladet läses, rubrikerna i första raden; inga formler "
            "(klistra in värden).",
            "- Ingen arbetsbok med makron, bilder eller inbäddade objekt (andra filer, "
            "OLE-objekt, kontroller): bilder och objekt går inte att kontrollera för personnummer, "
            "så en sådan fil avvisas utan att läsas och sparas inte. Ta bort dem, eller kopiera "
            "rapportens celler till en ny arbetsbok. En förhandsgranskningsbild (miniatyr) som "
            "sparats med filen räknas också som en bild: spara filen igen utan den. "
            "Skrivarinställningarna som Excel sparar kontrolleras som text.",
            "- **JSON**: en lista med objekt (UTF-8), ett objekt per företag och år, med "
            "kolumnrubrikerna som nycklar.",
            "- Koder och nummer som ett kalkylark sparat som tal (kommunkod 1880, eller 114 för "
            "0114; ett organisationsnummer utan bindestreck) läses som text.",
        ],
        "headers": "### Kolumnrubriker",
        "headers_lines": [
            "- Både de svenska och de engelska rubrikerna godtas, och likaså kolumnernas "
            "betydelse på svenska eller engelska (`Anställda i målgruppen`, `Employees in the "
            "target group`), som mallen från portalen har som rubriker.",
            "- Rubriker matchas utan hänsyn till versaler/gemener och mellanslag runt om; å, ä och "
            "ö motsvarar a, a och o; '-' och mellanslag motsvarar '_'. `Rapportår`, "
            "`RAPPORTAR` och `Report-Year` betyder alltså `rapportar`.",
        ],
        "what": "### Vad händer med filen",
        "what_lines": [
            "- En fil godtas eller avvisas i sin helhet. Vid avvisning får du en återkoppling på "
            "svenska och engelska med varje fel: rad (som i ditt kalkylark), kolumn, regel och värde.",
            "- Skriv aldrig personnummer i filen. Ett personnummer var som helst i filen gör att "
            "den avvisas, och numret tas bort (ersätts) i återkoppling, loggar och allt som sparas.",
            "- En senare godkänd rapport för samma organisationsnummer och år ersätter den "
            "tidigare (samma ankomsttid: den med det senare filnamnet); den tidigare sparas som "
            "historik.",
            "- Siffror som är mer än tio gånger (eller under en tiondel av) förra årets markeras "
            "för kontroll men godtas.",
        ],
    },
    "en": {
        "title": "## English: how to fill in the report",
        "intro": [
            "Every work-integrating social enterprise (ASF) reports one row per year. "
            "`asfetl reports template` writes the template (Excel with instructions and input "
            "validation, or CSV); `asfetl reports check FILE` shows whether a file is accepted.",
        ],
        "columns": "### Columns",
        "table": "Column header|English header|Meaning|Type|Description|Example|Rule",
        "required": "Every column must be present and every row must have a value in each column.",
        "cross": "### Rules between columns",
        "cross_intro": "Within each row:",
        "example": "### Example (CSV with semicolons)",
        "files": "### File formats",
        "files_lines": [
            "- **CSV**: encoding UTF-8, UTF-8 with BOM or Windows-1252; comma or semicolon "
            "separated; decimal comma or decimal point; spaces or non-breaking spaces between "
            "thousands, as Swedish Excel writes them.",
            "- **Excel (.xlsx)**: the first sheet is read, headers in the first row; no formulas "
            "(paste values).",
            "- No workbook with macros, pictures or embedded objects (other files, OLE objects, "
            "controls): pictures and objects cannot be checked for personal identity numbers, so "
            "such a file is rejected unread and not kept. Remove them, or copy the report's cells "
            "into a new workbook. A preview picture (thumbnail) saved with the file counts as a "
            "picture too: save the file again without one. The printer settings Excel saves are "
            "screened as text.",
            "- **JSON**: a list of objects (UTF-8), one object per enterprise and year, with the "
            "column headers as keys.",
            "- Codes and numbers a spreadsheet stored as numbers (municipality code 1880, or 114 "
            "for 0114; an organisation number without its dash) are read as text.",
        ],
        "headers": "### Column headers",
        "headers_lines": [
            "- Both the Swedish and the English headers are accepted, and so are the columns' "
            "meanings in Swedish or English (`Anställda i målgruppen`, `Employees in the target "
            "group`), which head the template the portal offers.",
            "- Headers match ignoring case and surrounding spaces; å, ä and ö match a, a and o; "
            "'-' and space match '_'. So `Rapportår`, `RAPPORTAR` and `Report-Year` all mean "
            "`rapportar`.",
        ],
        "what": "### What happens to a file",
        "what_lines": [
            "- A file is accepted or rejected as a whole. A rejection comes with feedback in Swedish "
            "and English listing every finding: row (as in your spreadsheet), column, rule and value.",
            "- Never enter personal identity numbers (personnummer). One anywhere in the file "
            "rejects it, and the number is redacted from feedback, logs and everything kept.",
            "- A later accepted report for the same organisation number and year supersedes the "
            "earlier one (same arrival time: the later file name); the earlier one is kept as "
            "history.",
            "- Figures more than ten times (or under a tenth of) last year's are flagged for a "
            "check but accepted.",
        ],
    },
}


def _row(cells: list[str]) -> str:
    # A '|' inside a cell would end it early in every Markdown renderer.
    return "| " + " | ".join(str(c).replace("|", "\\|") for c in cells) + " |"


def columns_table(columns, header: str, lang: str) -> list[str]:
    """The Markdown table of a report's columns: names, meaning, type, help, example, rule."""
    titles = header.split("|")
    lines = [_row(titles), _row(["---"] * len(titles))]
    for c in columns:
        cells = [f"`{c.name}`", f"`{c.alias}`", label(c, lang), kind_text(c, lang)]
        lines.append(_row([*cells, help_text(c, lang), c.example, rule_text(c, lang)]))
    return lines


def _section(lang: str) -> list[str]:
    text = SECTIONS[lang]
    lines = [text["title"], "", *text["intro"], "", text["columns"], ""]
    lines += columns_table(COLUMNS, text["table"], lang)
    lines += ["", text["required"], "", text["cross"], "", text["cross_intro"], ""]
    lines += [f"- {cross_rule_text(rule, lang)}" for rule in CROSS_RULES]
    lines += ["", text["example"], "", "```text"]
    lines += [";".join(c.name for c in COLUMNS), ";".join(c.example for c in COLUMNS), "```"]
    for part in ("files", "headers", "what"):
        lines += ["", text[part], "", *text[f"{part}_lines"]]
    return [*lines, ""]


def render_markdown() -> str:
    """The whole document; docs/enterprise_report.md is exactly this (a test compares them)."""
    lines = [
        "# The enterprise report / Företagens årsrapport",
        "",
        "Generated from `asfetl/reports/schema.py` by `scripts/make_report_docs.py`; do not edit.",
        "",
        "- [Svenska](#svenska-så-fyller-du-i-rapporten)",
        "- [English](#english-how-to-fill-in-the-report)",
        "",
    ]
    for lang in SECTIONS:
        lines += _section(lang)
    return "\n".join(lines)
