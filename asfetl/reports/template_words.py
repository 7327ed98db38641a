"""The report template's words in Swedish and English: its sheets, instructions and rules."""

from asfetl.reports.schema import FIRST_REPORT_YEAR

TEXTS = {
    "sv": {
        "sheet": "Rapport",
        "instructions": "Instruktioner",
        "lists": "Listor",
        "title": "Så fyller du i rapporten",
        "heading": ["Kolumnrubrik", "Betydelse", "Beskrivning", "Exempel", "Regel"],
        "intro": [
            "En rad per företag och år. Behåll kolumnrubrikerna i rad 1 som de är.",
            "Skriv värden, inte formler. Tal får ha decimalkomma och mellanslag som tusentalsavgränsare.",
            "Skriv ALDRIG personnummer i filen: en fil som innehåller ett personnummer avvisas.",
            "Spara som Excel (.xlsx) eller CSV och skicka hela filen. "
            "En fil godtas eller avvisas i sin helhet.",
            "En senare rapport för samma organisationsnummer och år ersätter den tidigare.",
        ],
        "intro_activity_report": [
            "En rad per aktivitet i handlingsplanen och år. Behåll kolumnrubrikerna i rad 1 som de är.",
            "Skriv värden, inte formler. Skriv ALDRIG personuppgifter eller personnummer i filen.",
            "Spara som Excel (.xlsx) eller CSV och skicka hela filen. "
            "En fil godtas eller avvisas i sin helhet.",
            "En senare uppföljning av samma aktivitet och år ersätter den tidigare.",
        ],
        "activity": "en aktivitet i planens lista, t.ex. A07",
        "optional": "frivillig; ",
        "activities": "Planens aktiviteter",
        "rules": "Regler mellan kolumner",
        "codes": "Kommunkoder i regionen",
        "orgnr": "10 siffror NNNNNN-NNNN (bindestreck valfritt, prefix 16 tillåtet); "
        "giltig kontrollsiffra; tredje siffran minst 2",
        "text": "text, högst {n} tecken, får inte vara tom",
        "municipality": "en kommun i regionen: koden (fyra siffror) eller namnet",
        "year": f"heltal, {FIRST_REPORT_YEAR} till innevarande år",
        "enum": "en av: {values}",
        "integer": "heltal, 0 eller mer",
        "number": "tal i kronor, 0 eller mer (decimaler tillåtna)",
        "kinds": {
            "orgnr": "text",
            "text": "text",
            "municipality": "text (kod eller namn)",
            "year": "heltal",
            "enum": "text (val)",
            "integer": "heltal",
            "number": "tal",
            "activity": "text (id)",
        },
        "error": "Värdet följer inte regeln",
    },
    "en": {
        "sheet": "Report",
        "instructions": "Instructions",
        "lists": "Lists",
        "title": "How to fill in the report",
        "heading": ["Column header", "Meaning", "Description", "Example", "Rule"],
        "intro": [
            "One row per enterprise and year. Keep the column headers in row 1 as they are.",
            "Type values, not formulas. Numbers may use a decimal comma and spaces between thousands.",
            "NEVER enter personal identity numbers (personnummer): a file containing one is rejected.",
            "Save as Excel (.xlsx) or CSV and send the whole file. "
            "A file is accepted or rejected as a whole.",
            "A later report for the same organisation number and year replaces the earlier one.",
        ],
        "intro_activity_report": [
            "One row per activity of the action plan and year. Keep the column headers in row 1 "
            "as they are.",
            "Type values, not formulas. NEVER enter personal data or personal identity numbers.",
            "Save as Excel (.xlsx) or CSV and send the whole file. "
            "A file is accepted or rejected as a whole.",
            "A later follow-up of the same activity and year replaces the earlier one.",
        ],
        "activity": "an activity of the plan's list, e.g. A07",
        "optional": "optional; ",
        "activities": "The plan's activities",
        "rules": "Rules between columns",
        "codes": "Municipality codes in the region",
        "orgnr": "10 digits NNNNNN-NNNN (dash optional, prefix 16 allowed); valid check digit; "
        "third digit at least 2",
        "text": "text, at most {n} characters, not empty",
        "municipality": "a municipality of the region: its code (four digits) or its name",
        "year": f"whole number, {FIRST_REPORT_YEAR} to the current year",
        "enum": "one of: {values}",
        "integer": "whole number, 0 or more",
        "number": "amount in SEK, 0 or more (decimals allowed)",
        "kinds": {
            "orgnr": "text",
            "text": "text",
            "municipality": "text (code or name)",
            "year": "whole number",
            "enum": "text (choice)",
            "integer": "whole number",
            "number": "number",
            "activity": "text (id)",
        },
        "error": "The value does not follow the rule",
    },
}
