"""The two population tables the SCB imitation serves (TAB638, TAB5557): variables, codelists, notes."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from typing import Any

from asfetl import geography


@dataclass(frozen=True)
class Codelist:
    id: str
    label: str
    codes: tuple[str, ...]
    type: str = "Valueset"


@dataclass(frozen=True)
class Variable:
    code: str
    label: str
    values: dict[str, str]  # code → label, in the table's order
    elimination: bool
    total: str | None = None  # the elimination value code, if the variable has one
    time: bool = False
    show: str = "value"
    note: tuple[str, ...] = ()
    note_mandatory: bool = False
    codelists: tuple[Codelist, ...] = ()
    shares: dict[str, float] = field(default_factory=dict)  # non-total code → share of total
    contents: dict[str, dict[str, Any]] = field(default_factory=dict)  # ContentsCode extras

    def codelist(self, codelist_id: str) -> Codelist | None:
        return next((c for c in self.codelists if c.id == codelist_id), None)


@dataclass(frozen=True)
class Table:
    id: str
    label: str  # the metadata label (the table's title)
    data_label: str  # the stem of a data response's label: "<stem> efter <dimensions>"
    updated: str
    notes: tuple[str, ...]
    variables: tuple[Variable, ...]
    px: dict[str, Any]
    note_mandatory: bool = False

    def variable(self, code: str) -> Variable | None:
        return next((v for v in self.variables if v.code == code), None)


CKM_NOTE = (
    "Från och med referensåret 2025 och framåt är en liten kontrollerad slumpmässig osäkerhet "
    "införd i samtliga redovisade uppgifter. Osäkerheten har tillförts för att skydda enskilda "
    "personer så att ingen riskerar att röjas i statistiken. Till följd av detta så är inte alltid "
    "de redovisade totalerna lika med summan av deras redovisade delar. \r\n \r\n  \r\nOm "
    "redovisade statistikvärden adderas för att skapa en ny total, så adderas även osäkerheten. "
    "Det finns därför risk för att den nya totalen innehåller större osäkerhet än vad som, enligt "
    "metoden, skulle ha tillförts ett enskilt statistikvärde. \r\n \r\n  \r\nMetoden som används "
    "för röjandekontroll heter Cell Key Method (CKM). Du kan läsa mer om metoden här: "
    "[Skyddsmetoder för röjandekontroll](https://www.scb.se/dokumentation/statistiska-metoder/"
    "skyddsmetoder-for-rojandekontroll/) och här: [Utveckling av röjandeskyddet]"
    "(https://www.scb.se/dokumentation/statistikomraden-under-forandring/utveckling-av-"
    "rojandeskyddet/), samt i befolkningsstatistikens dokumentation (kvalitetsdeklarationen, "
    "avsnitt 2.2.6). \r\n \r\n  \r\nFAQ om CKM-metoden hittar du här: [Frågor och svar om "
    "röjandeskydd i befolkningsstatistiken](https://www.scb.se/FAQ-CKM)"
)
DECEMBER_NOTE = "Folkmängden avser förhållandet den 31 december."
AGE_NOTE = (
    "Med ålder avses uppnådd ålder vid årets slut, d.v.s. i princip en redovisning efter födelseår."
)


def _region_values() -> dict[str, str]:
    return {a.code: a.name for a in geography.all_areas().values()}


def _codes_of_level(level: str) -> tuple[str, ...]:
    return tuple(a.code for a in geography.all_areas().values() if a.level == level)


def _age_shares() -> dict[str, float]:
    """A plausible age pyramid, 0..99 and 100+, summing to 1."""
    weights = []
    for age in range(101):
        if age < 60:
            weights.append(1.0 - 0.05 * ((age - 35) / 25) ** 2)
        else:
            weights.append(max(0.004, 1 - ((age - 60) / 41) ** 2))
    total = sum(weights)
    codes = [str(a) for a in range(100)] + ["100+"]
    return {code: w / total for code, w in zip(codes, weights, strict=True)}


AGE_SHARES = _age_shares()
# Kon has no shares: men and women come from the population model (model_population_by_sex)
MARITAL_SHARES = {"OG": 0.485, "G": 0.335, "ÄNKL": 0.05, "SK": 0.13}
MARITAL_LABELS = {"OG": "ogifta", "G": "gifta", "ÄNKL": "änkor/änklingar", "SK": "skilda"}
AGE_LABELS = {str(a): f"{a} år" for a in range(100)} | {"100+": "100+ år"}


def _contents(label: str, measuring: str) -> dict[str, Any]:
    return {
        "label": label,
        "unit": {"base": "antal", "decimals": 0},
        "refperiod": "31 december",
        "measuringType": measuring,
        "priceType": "NotApplicable",
        "adjustment": "None",
        "alternativeText": label,
    }


def _px(table_id: str, matrix: str, contents: str, aggregallowed: bool, stub: list[str]) -> dict:
    return {
        "infofile": "BE0101",
        "tableid": table_id,
        "decimals": 0,
        "official-statistics": True,
        "aggregallowed": aggregallowed,
        "copyright": False,
        "language": "sv",
        "contents": contents,
        "descriptiondefault": False,
        "heading": ["ContentsCode", "Tid"],
        "stub": stub,
        "matrix": matrix,
        "subject-code": "BE",
        "subject-area": "Befolkning",
    }


def _build_tables() -> dict[str, Table]:
    regions = _region_values()
    tab638 = Table(
        id="TAB638",
        label="Folkmängden efter region, civilstånd, ålder, kön och år",
        data_label="Folkmängden",
        updated="2025-02-21T07:00:00Z",
        notes=(DECEMBER_NOTE,),
        variables=(
            Variable(
                "Region",
                "region",
                regions,
                elimination=True,
                codelists=(
                    Codelist("vs_RegionRiket99", "Riket", ("00",)),
                    Codelist("vs_RegionLän07", "Län", _codes_of_level("county")),
                    Codelist("vs_RegionKommun07", "Kommuner", _codes_of_level("municipality")),
                ),
            ),
            Variable(
                "Civilstand",
                "civilstånd",
                MARITAL_LABELS,
                elimination=True,
                shares=MARITAL_SHARES,
            ),
            Variable(
                "Alder",
                "ålder",
                AGE_LABELS | {"tot": "totalt ålder"},
                elimination=True,
                total="tot",
                note=(AGE_NOTE,),
                codelists=(Codelist("vs_Ålder1årA", "Ettårsklasser", tuple(AGE_LABELS)),),
                shares=AGE_SHARES,
            ),
            Variable("Kon", "kön", {"1": "män", "2": "kvinnor"}, True),
            Variable(
                "ContentsCode",
                "tabellinnehåll",
                {"BE0101N1": "Folkmängd", "BE0101N2": "Folkökning"},
                elimination=False,
                contents={
                    "BE0101N1": _contents("Folkmängd", "Stock"),
                    "BE0101N2": _contents("Folkökning", "Flow"),
                },
            ),
            Variable(
                "Tid",
                "år",
                {str(y): str(y) for y in range(1968, 2025)},
                elimination=False,
                time=True,
                show="code",
            ),
        ),
        px=_px(
            "TAB638", "BefolkningNy", "Folkmängd", True, ["Region", "Civilstand", "Alder", "Kon"]
        ),
    )
    tab5557 = Table(
        id="TAB5557",
        label="Folkmängden efter region, civilstånd, ålder och kön. År 2025-",
        data_label="Folkmängden",
        updated="2026-02-20T07:00:00Z",
        notes=(CKM_NOTE, DECEMBER_NOTE),
        note_mandatory=True,
        variables=(
            Variable(
                "Region",
                "region",
                regions,
                elimination=True,
                show="code_value",
                codelists=(
                    Codelist("vs_CKM01Riket", "riket", ("00",)),
                    Codelist("vs_CKM02Län", "län", _codes_of_level("county")),
                    Codelist("vs_CKM03Kommun", "kommuner", _codes_of_level("municipality")),
                ),
            ),
            Variable(
                "Civilstand",
                "civilstånd",
                {"SC": "totalt, samtliga civilstånd"} | MARITAL_LABELS,
                elimination=False,
                total="SC",
                shares=MARITAL_SHARES,
            ),
            Variable(
                "Alder",
                "ålder",
                {"TotSA": "totalt, samtliga åldrar"} | AGE_LABELS,
                elimination=False,
                total="TotSA",
                note=(AGE_NOTE,),
                note_mandatory=True,
                codelists=(
                    Codelist("vs_CKM01AlderTot", "totalt, samtliga åldrar", ("TotSA",)),
                    Codelist("vs_CKM021år", "1-årsklasser 0-100+", tuple(AGE_LABELS)),
                ),
                shares=AGE_SHARES,
            ),
            Variable(
                "Kon",
                "kön",
                # in the real metadata's order (recorded 2026-09-13): men, women, both
                {"1": "män", "2": "kvinnor", "TotSa": "totalt, samtliga män och kvinnor"},
                elimination=True,
                total="TotSa",
            ),
            Variable(
                "ContentsCode",
                "tabellinnehåll",
                {"000007ME": "Folkmängd"},
                elimination=False,
                contents={"000007ME": _contents("Folkmängd", "Stock")},
            ),
            Variable("Tid", "år", {"2025": "2025"}, elimination=False, time=True, show="code"),
        ),
        px=_px("TAB5557", "TAB5557", "Folkmängd", False, ["Region", "Civilstand", "Alder", "Kon"]),
    )
    return {t.id: t for t in (tab638, tab5557)}


@cache
def tables() -> dict[str, Table]:
    return _build_tables()
