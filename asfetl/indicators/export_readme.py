"""README.txt of the exports: the run, the formats, the time zone, the rounding, and what each
status and suppression reason means (the same meanings as the COMMENTs on mart.indicator_values)."""

from datetime import date, datetime
from typing import Any

from asfetl.indicators.export_rows import LOCAL_ZONE

STATUS_SV = [
    "Kolumnen status:",
    "  ok           slutligt och publicerbart värde",
    "  preliminary  visas men är inte slutligt: ett ASF-år innan rapporterna ska vara inne,",
    "               eller medan färre än tröskeln av de väntade rapporterna har kommit in,",
    "               eller en andel på en folkmängd som ännu inte är publicerad för året",
    "  missing      inget värde: utgivaren har inget, eller företag som väntas rapportera för",
    "               området och året har inte gjort det (aldrig visat som 0)",
    "  suppressed   dolt av röjandeskydd (tom cell); visas som <5 för 1–4 personer och",
    "               annars som .. . Kolumnen suppression_reason säger varför:",
    "               primary (1–4 personer), few_enterprises (färre än 3 företag bakom talet),",
    "               dominance (ett företag står för mer än 85 % av beloppet),",
    "               secondary (dolt så att ett annat dolt värde inte kan räknas fram ur summan)",
]
STATUS_EN = [
    "The status column:",
    "  ok           final and publishable",
    "  preliminary  shown but not final: an ASF year before its reports are due, or while",
    "               fewer than the threshold of the expected reports are in, or a rate on a",
    "               population not yet published for the year",
    "  missing      no value: the publisher has none, or enterprises expected to report for",
    "               the area and year have not (never shown as 0)",
    "  suppressed   hidden by disclosure control (empty cell); shown as <5 for 1–4 people",
    "               and as .. otherwise. suppression_reason says why:",
    "               primary (1–4 people), few_enterprises (fewer than 3 enterprises behind it),",
    "               dominance (one enterprise makes up more than 85 % of the sum),",
    "               secondary (hidden so that another hidden value cannot be worked out)",
]


def readme(info: tuple[Any, Any, Any] | None, tables: list[str]) -> str:
    if info is None:
        run_sv = run_en = "okänd / unknown (mart.build_info saknas / is missing)"
        mode = None
    else:
        run_id, built_at, mode = info
        when = built_at.isoformat() if isinstance(built_at, datetime | date) else built_at
        run_sv = f"{run_id}, byggd {when}, dataläge {mode}"
        run_en = f"{run_id}, built {when}, data mode {mode}"
    lines = []
    if mode != "live":  # sample, mixed, or unknown: never let it pass for official figures
        lines += [
            "*** EXEMPELDATA / SAMPLE DATA ***",
            "SV: Filerna innehåller helt eller delvis exempeldata, inte officiell statistik.",
            "EN: These files contain SAMPLE DATA, wholly or in part, not official statistics.",
            "",
        ]
    lines += [
        "asfetl – export av lagrets publicerade tabeller / export of the published tables",
        "",
        "SV: En fil per tabell och format:",
        "  <tabell>.parquet  Parquet, för R, Python, Power BI m.fl.",
        "  <tabell>.csv      UTF-8 med BOM, kommatecken mellan fälten, decimalpunkt",
        "  <tabell>.sv.csv   för svensk Excel: UTF-8 med BOM, semikolon, decimalkomma",
        "Raderna är ordnade efter indikator, område och år. Värdena är avrundade till det antal",
        "decimaler som katalogen (indicators, kolumnen decimals) anger: antal som heltal, kronor",
        "i hela kronor, procent och andelar med en decimal; kvinnors och mäns värden (value_women,",
        "value_men, där källan delar upp efter kön) likadant. Oavrundade värden finns i lagret",
        "(mart.indicator_values). I ett läns körning står riket (area_code 00) med som jämförelse",
        "för den öppna statistikens indikatorer, aldrig för ASF-företagens siffror.",
        f"Tidpunkter i CSV-filerna är svensk lokal tid ({LOCAL_ZONE}, sommartid när den gäller),",
        "ÅÅÅÅ-MM-DD TT:MM:SS; i Parquet-filerna är de tidpunkter med tidszon.",
        "I Parquet-filerna har value_integer värdet som heltal (BIGINT) där katalogen anger 0",
        "decimaler (antal, kronor) och är tom annars: value rymmer alla indikatorer i en kolumn.",
        "Tom cell = värde saknas eller är skyddat (se kolumnen status). Text som börjar med",
        "= + - eller @ har fått en inledande apostrof (') så att kalkylprogram inte kör den.",
        *STATUS_SV,
        f"Körning: {run_sv}",
        "",
        "EN: One file per table and format:",
        "  <table>.parquet   Parquet, for R, Python, Power BI and the like",
        "  <table>.csv       UTF-8 with BOM, comma-separated, decimal point",
        "  <table>.sv.csv    for Swedish Excel: UTF-8 with BOM, semicolon, decimal comma",
        "Rows are ordered by indicator, area and year. Values are rounded to the decimals the",
        "catalogue states (indicators, column decimals): counts as whole numbers, kronor whole,",
        "percentages and rates to one decimal; women's and men's values (value_women, value_men,",
        "where the source splits by sex) the same. The unrounded values are in the warehouse",
        "(mart.indicator_values). A county's run has Sweden (area_code 00) beside it as a",
        "benchmark for the open statistics' indicators, never for the ASF enterprises' figures.",
        f"Times in the CSV files are Swedish local time ({LOCAL_ZONE}, summer time when in force),",
        "YYYY-MM-DD HH:MM:SS; in the Parquet files they are timestamps with time zone.",
        "In the Parquet files value_integer holds the value as a whole number (BIGINT) where the",
        "catalogue states 0 decimals (counts, kronor), empty otherwise: value holds every indicator.",
        "Empty cell = value missing or suppressed (see the status column). Text starting with",
        "= + - or @ has a leading apostrophe (') so spreadsheets do not run it as a formula.",
        *STATUS_EN,
        f"Run: {run_en}",
        "",
        "Tabeller / Tables: " + (", ".join(tables) or "-"),
    ]
    return "\n".join(lines) + "\n"
