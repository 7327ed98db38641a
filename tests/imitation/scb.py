"""A local imitation of SCB's Statistikdatabasen, PxWebApi 2.0, serving two population tables.

Shapes (key order, nesting, `extension` blocks, notes, codelists, problem+json errors) are copied
from the real recordings in tests/fixtures/scb/. The numbers are synthetic except Örebro län and
its municipalities in 2023 and 2024, which are SCB's published figures.

    with ScbImitation(max_cells=1000) as scb:
        requests.post(f"{scb.url}/tables/TAB638/data?lang=sv&outputFormat=json-stat2", json=...)
        scb.data_requests()  # what the client sent

Endpoints under /api/v2: GET /config, GET /tables, GET /tables/{id}, GET /tables/{id}/metadata,
GET|POST /tables/{id}/data, GET /codelists/{id}.
"""

from __future__ import annotations

import itertools
import json
import math
import re
import zlib
from dataclasses import dataclass, field
from functools import cache
from statistics import NormalDist
from typing import Any
from urllib.parse import urlencode

from asfetl import geography

from .common import JSON, ImitationServer, Recorded, Reply, json_reply, problem

MAX_URL_LENGTH = 2100  # longer GET request targets get 404, as from the real front end
UNLIMITED_CALLS = 1_000_000  # what /config reports as maxCallsPerTimeWindow with max_calls=None

# ---------------------------------------------------------------------------------------------
# Data: total population per region and year
# ---------------------------------------------------------------------------------------------

# SCB's published population 31 December (TAB638, BE0101N1) for Örebro län and its municipalities.
REAL_POPULATION: dict[str, dict[int, int]] = {
    "18": {2023: 308116, 2024: 308375},
    "1814": {2023: 8606, 2024: 8606},
    "1860": {2023: 5497, 2024: 5423},
    "1861": {2023: 16232, 2024: 16120},
    "1862": {2023: 9357, 2024: 9278},
    "1863": {2023: 6495, 2024: 6321},
    "1864": {2023: 4407, 2024: 4369},
    "1880": {2023: 159348, 2024: 160140},
    "1881": {2023: 22516, 2024: 22681},
    "1882": {2023: 11478, 2024: 11477},
    "1883": {2023: 30261, 2024: 30180},
    "1884": {2023: 10627, 2024: 10639},
    "1885": {2023: 23292, 2024: 23141},
}

# Cells published as null with a status symbol: (table, region, year) → symbol.
SUPPRESSED: dict[tuple[str, str, int], str] = {("TAB638", "1864", 2016): ".."}

ANCHOR_YEAR = 2024  # the synthetic series are anchored here and extrapolated both ways


def _unit(*parts: object) -> float:
    """A deterministic number in [0, 1) from the parts."""
    return zlib.crc32("|".join(map(str, parts)).encode("utf-8")) / 2**32


@cache
def _municipality_params(code: str) -> tuple[float, float]:
    """(population in ANCHOR_YEAR, yearly growth) of a municipality."""
    real = REAL_POPULATION.get(code)
    if real:
        growth = real[2024] / real[2023] - 1
        return float(real[2024]), max(-0.014, min(0.014, growth))
    # Log-normal sizes around 15,000 (like Sweden's municipalities), kept within 2,500..1,000,000.
    u = min(max(_unit("size", code), 1e-4), 1 - 1e-4)
    base = min(997_000.0, max(2_510.0, 15_000 * math.exp(1.2 * NormalDist().inv_cdf(u))))
    growth = 0.006 + (_unit("growth", code) - 0.5) * 0.016  # −0.2 % .. +1.4 % a year
    return base, growth


@cache
def _municipality(code: str, year: int) -> int:
    real = REAL_POPULATION.get(code, {})
    if year in real:
        return real[year]
    base, growth = _municipality_params(code)
    wobble = (_unit("wobble", code, year) - 0.5) * 0.004  # ±0.2 %: under 2 % a year in all
    return round(base * (1 + growth) ** (year - ANCHOR_YEAR) * (1 + wobble))


@cache
def _municipalities_of(county: str | None) -> tuple[str, ...]:
    return tuple(a.code for a in geography.municipalities(county))


@cache
def model_population(region: str, year: int) -> int:
    """The imitation's underlying (unsuppressed, noiseless) population of a region at 31 Dec.

    A county is the exact sum of its municipalities and Riket the sum of the counties.
    Raises KeyError for a code that is not an SCB area.
    """
    area = geography.all_areas()[region]
    if area.level == "municipality":
        return _municipality(region, year)
    if area.level == "county":
        return sum(_municipality(m, year) for m in _municipalities_of(region))
    return sum(model_population(c.code, year) for c in geography.counties())


def ckm_offset(key: str) -> int:
    """The Cell-Key-like noise of one cell: a deterministic integer in −2..+2."""
    return zlib.crc32(key.encode("utf-8")) % 5 - 2


# ---------------------------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------------------------


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
SEX_SHARES = {"1": 0.503, "2": 0.497}
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
            Variable("Kon", "kön", {"1": "män", "2": "kvinnor"}, True, shares=SEX_SHARES),
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
                {"TotSa": "totalt, samtliga män och kvinnor", "1": "män", "2": "kvinnor"},
                elimination=True,
                total="TotSa",
                shares=SEX_SHARES,
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


# ---------------------------------------------------------------------------------------------
# Cell values
# ---------------------------------------------------------------------------------------------


def _share(table: Table, coords: dict[str, str]) -> float:
    share = 1.0
    for variable in table.variables:
        code = coords.get(variable.code)
        if code is not None and variable.shares:
            share *= variable.shares.get(code, 1.0)  # total codes (tot, SC, TotSA, TotSa) → 1
    return share


def _effective(table: Table, coords: dict[str, str]) -> dict[str, str]:
    """Eliminated variables stand for their total (so eliminating equals selecting the total)."""
    return {v.code: coords.get(v.code) or v.total or "" for v in table.variables}


def _stock(table: Table, coords: dict[str, str], year: int) -> int | None:
    region = coords["Region"]
    if (table.id, region, year) in SUPPRESSED:
        return None
    total = model_population(region, year)
    share = _share(table, coords)
    value = total if share == 1.0 else round(total * share)
    if table.id == "TAB5557":
        key = "|".join([table.id, *(coords[v.code] for v in table.variables[:-1]), str(year)])
        value = max(0, value + ckm_offset(key))
    return value


def cell_value(table_id: str, coords: dict[str, str]) -> tuple[int | None, str | None]:
    """The value of one cell and its status symbol (None unless the value is null).

    `coords` maps variable code → value code; missing (eliminated) variables stand for totals.
    Region defaults to "00".
    """
    table = tables()[table_id]
    coords = _effective(table, coords)
    coords["Region"] = coords["Region"] or "00"
    year = int(coords["Tid"])
    if coords["ContentsCode"] == "BE0101N2":  # folkökning: the change since the year before
        if year <= 1968:
            return None, ".."
        now, before = _stock(table, coords, year), _stock(table, coords, year - 1)
        if now is None or before is None:
            return None, ".."
        return now - before, None
    value = _stock(table, coords, year)
    if value is None:
        return None, SUPPRESSED.get((table_id, coords["Region"], year), "..")
    return value, None


def population(table_id: str, region: str, year: int) -> int | None:
    """Total population of a region (all ages, sexes, marital statuses) as the table publishes it.

    TAB638 (1968–2024): counties are exact sums of their municipalities and 00 of the counties;
    TAB5557 (2025): each published total carries its own −2..+2 noise. None when the table has
    no such cell or publishes it as null (TAB638, 1864, 2016).
    """
    table = tables().get(table_id)
    if table is None or region not in geography.all_areas():
        return None
    if str(year) not in table.variable("Tid").values:
        return None
    contents = next(iter(table.variable("ContentsCode").values))
    value, _ = cell_value(table_id, {"Region": region, "ContentsCode": contents, "Tid": str(year)})
    return value


# ---------------------------------------------------------------------------------------------
# Selections
# ---------------------------------------------------------------------------------------------


class SelectionError(Exception):
    def __init__(self, reply: Reply) -> None:
        super().__init__(reply.status)
        self.reply = reply


def bad_request(title: str, detail: str | None = None) -> SelectionError:
    return SelectionError(problem(400, title, detail))


_COUNT = r"\(\s*([1-9]\d*)\s*(?:,\s*(\d+)\s*)?\)"
_TOP = re.compile(rf"^top{_COUNT}$", re.IGNORECASE)
_BOTTOM = re.compile(rf"^bottom{_COUNT}$", re.IGNORECASE)
_FROM = re.compile(r"^from\(([^,()]+)\)$", re.IGNORECASE)
_TO = re.compile(r"^to\(([^,()]+)\)$", re.IGNORECASE)
_RANGE = re.compile(r"^range\(([^,()]+),([^,()]+)\)$", re.IGNORECASE)
_KEYWORD = re.compile(r"^(top|bottom|from|to|range)\s*\(", re.IGNORECASE)


def split_get_value_codes(text: str) -> list[str]:
    """Split a GET `valueCodes[VAR]` value on commas, except inside [brackets]."""
    items: list[str] = []
    buffer: list[str] = []
    depth = 0
    for ch in text:
        if ch == "[":
            depth += 1
        elif ch == "]":
            depth = max(0, depth - 1)
        if ch == "," and depth == 0:
            items.append("".join(buffer))
            buffer = []
        else:
            buffer.append(ch)
    items.append("".join(buffer))
    result = []
    for item in (i.strip() for i in items):
        if len(item) >= 2 and item.startswith("[") and item.endswith("]"):
            item = item[1:-1].strip()
        if item:
            result.append(item)
    return result


def _expand(variable: Variable, domain: list[str], expression: str) -> list[str] | None:
    """The codes an expression selects, or None when it is a plain value code."""
    if "*" in expression:
        stars = expression.count("*")
        inner = expression.strip("*")
        if expression == "*":
            return list(domain)
        if stars > 2 or (stars == 1 and not (expression[0] == "*" or expression[-1] == "*")):
            raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")
        if stars == 2 and not (expression[0] == "*" and expression[-1] == "*"):
            raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")
        low = inner.casefold()
        if expression.startswith("*") and expression.endswith("*"):
            return [c for c in domain if low in c.casefold()]
        if expression.startswith("*"):
            return [c for c in domain if c.casefold().endswith(low)]
        return [c for c in domain if c.casefold().startswith(low)]
    if "?" in expression:
        pattern = re.compile("^" + re.escape(expression).replace(r"\?", ".") + "$", re.IGNORECASE)
        return [c for c in domain if pattern.match(c)]
    if not _KEYWORD.match(expression):
        return None
    if m := _TOP.match(expression):
        count, offset = int(m[1]), int(m[2] or 0)
        if variable.time:  # time is ascending: top = the latest
            picked = domain[::-1][offset : offset + count]
            return picked[::-1]
        return domain[offset : offset + count]
    if m := _BOTTOM.match(expression):
        count, offset = int(m[1]), int(m[2] or 0)
        if variable.time:
            return domain[offset : offset + count]
        picked = domain[::-1][offset : offset + count]
        return picked[::-1]

    def position(code: str) -> int:
        code = code.strip()
        if code not in domain:
            raise bad_request("Non-existent value", f"{variable.code}: {code}")
        return domain.index(code)

    if m := _FROM.match(expression):
        return domain[position(m[1]) :]
    if m := _TO.match(expression):
        return domain[: position(m[1]) + 1]
    if m := _RANGE.match(expression):
        a, b = sorted((position(m[1]), position(m[2])))
        return domain[a : b + 1]
    raise bad_request("Illegal selection expression", f"{variable.code}: {expression}")


@dataclass
class Selected:
    variable: Variable
    codes: list[str]
    codelist: Codelist | None
    duplicated: bool


def resolve(
    table: Table, items: list[tuple[str, list[str], str | None]]
) -> tuple[list[Selected], bool]:
    """Resolve (variableCode, valueCodes, codelist) items against the table.

    Returns the selected variables in the table's order (eliminated ones left out) and whether
    the default selection was used. Raises SelectionError for 400s.
    """
    items = [(var, codes, cl) for var, codes, cl in items if codes]
    if not items:
        return _default_selection(table), True
    by_code: dict[str, Selected] = {}
    for var_code, expressions, codelist_id in items:
        variable = table.variable(var_code)
        if variable is None:
            raise bad_request("Non-existent variable", var_code)
        codelist = None
        domain = list(variable.values)
        if codelist_id:
            codelist = variable.codelist(codelist_id)
            if codelist is None:
                raise bad_request("Non-existent codelist", f"{var_code}: {codelist_id}")
            domain = [c for c in domain if c in set(codelist.codes)]
        chosen = by_code.get(var_code) or Selected(variable, [], codelist, False)
        seen = set(chosen.codes)
        listed: set[str] = set()  # codes given literally: one given twice makes SCB answer 500
        for expression in expressions:
            expression = expression.strip()
            if not expression:
                raise bad_request("Illegal selection expression", f"{var_code}: ''")
            expanded = _expand(variable, domain, expression)
            if expanded is None:  # a plain value code
                if expression not in domain:
                    raise bad_request("Non-existent value", f"{var_code}: {expression}")
                if expression in listed:
                    chosen.duplicated = True
                listed.add(expression)
                if expression not in seen:
                    chosen.codes.append(expression)
                    seen.add(expression)
            else:
                for code in expanded:
                    if code not in seen:
                        chosen.codes.append(code)
                        seen.add(code)
        by_code[var_code] = chosen
    for variable in table.variables:
        if (
            not variable.elimination
            and not by_code.get(variable.code, Selected(variable, [], None, False)).codes
        ):
            raise bad_request("Missing selection for mandantory variable", variable.code)
    selected = [by_code[v.code] for v in table.variables if v.code in by_code]
    return [s for s in selected if s.codes], False


def _default_selection(table: Table) -> list[Selected]:
    """PxWebApi's default selection, as SCB serves it for these tables: eliminable variables
    (Region included) are left out, Tid gets the latest period, other mandatory variables their
    first value (ContentsCode its first content)."""
    selected = []
    for variable in table.variables:
        if variable.elimination:
            continue
        codes = list(variable.values)
        selected.append(
            Selected(variable, [codes[-1]] if variable.time else [codes[0]], None, False)
        )
    return selected


# ---------------------------------------------------------------------------------------------
# Documents
# ---------------------------------------------------------------------------------------------

CONTACT = [
    {
        "name": "Statistikservice",
        "organization": "SCB",
        "phone": "010-479 50 00",
        "mail": "information@scb.se",
        "raw": " Statistikservice, SCB# +46 010-479 50 00#information@scb.se",
    }
]


def _category(variable: Variable, codes: list[str]) -> dict[str, Any]:
    category: dict[str, Any] = {
        "index": {code: i for i, code in enumerate(codes)},
        "label": {code: variable.values[code] for code in codes},
    }
    if variable.contents:
        category["unit"] = {code: variable.contents[code]["unit"] for code in codes}
    return category


def _dimension(
    variable: Variable,
    codes: list[str],
    base_url: str,
    *,
    metadata: bool,
    codelist: Codelist | None,
) -> dict[str, Any]:
    extension: dict[str, Any] = {
        # The real service reports a variable selected through a value set as not eliminable.
        "elimination": variable.elimination and codelist is None
    }
    if not metadata and variable.elimination and variable.total and codelist is None:
        extension["eliminationValueCode"] = variable.total
    if variable.note_mandatory:
        extension["noteMandatory"] = {"0": True}
    if variable.contents:
        extension["refperiod"] = {c: variable.contents[c]["refperiod"] for c in codes}
    extension["show"] = variable.show
    if metadata:
        extension["codelists"] = [
            {
                "id": cl.id,
                "label": cl.label,
                "type": cl.type,
                "links": [
                    {
                        "rel": "metadata",
                        "hreflang": "sv",
                        "href": f"{base_url}/codeLists/{cl.id}?lang=sv",
                    }
                ],
            }
            for cl in variable.codelists
        ]
    if variable.contents:
        for key in ("measuringType", "priceType", "adjustment", "alternativeText"):
            extension[key] = {c: variable.contents[c][key] for c in codes}
    dimension: dict[str, Any] = {"label": variable.label}
    if variable.note:
        dimension["note"] = list(variable.note)
    dimension["category"] = _category(variable, codes)
    dimension["extension"] = extension
    return dimension


def _join_labels(labels: list[str]) -> str:
    if len(labels) <= 1:
        return "".join(labels)
    return ", ".join(labels[:-1]) + " och " + labels[-1]


def metadata_document(table: Table, base_url: str) -> dict[str, Any]:
    variables = list(table.variables)
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": table.label,
        "source": "SCB",
        "updated": table.updated,
        "note": list(table.notes),
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": [v.code for v in variables],
        "size": [len(v.values) for v in variables],
        "dimension": {
            v.code: _dimension(v, list(v.values), base_url, metadata=True, codelist=None)
            for v in variables
        },
        "extension": _extension(table, [v.code for v in variables], data=False),
        "value": [],
    }
    return document


def _extension(table: Table, dimension_ids: list[str], *, data: bool) -> dict[str, Any]:
    extension: dict[str, Any] = {}
    if table.note_mandatory:
        extension["noteMandatory"] = {"0": True}
    px = dict(table.px)
    px["heading"] = [d for d in px["heading"] if d in dimension_ids]
    px["stub"] = [d for d in px["stub"] if d in dimension_ids]
    extension["px"] = px
    if data:
        extension["discontinued"] = None
    extension["contact"] = CONTACT
    return extension


def data_document(table: Table, selected: list[Selected]) -> dict[str, Any]:
    dimension_ids = [s.variable.code for s in selected]
    values: list[int | None] = []
    status: dict[str, str] = {}
    for flat, combination in enumerate(itertools.product(*(s.codes for s in selected))):
        value, symbol = cell_value(table.id, dict(zip(dimension_ids, combination, strict=True)))
        values.append(value)
        if symbol is not None:
            status[str(flat)] = symbol
    labels = [s.variable.label for s in selected if s.variable.code != "ContentsCode"]
    document: dict[str, Any] = {
        "version": "2.0",
        "class": "dataset",
        "label": f"{table.data_label} efter {_join_labels(labels)}" if labels else table.data_label,
        "source": "SCB",
        "updated": table.updated,
        "note": list(table.notes),
        "role": {"time": ["Tid"], "metric": ["ContentsCode"]},
        "id": dimension_ids,
        "size": [len(s.codes) for s in selected],
        "dimension": {
            s.variable.code: _dimension(
                s.variable, s.codes, "", metadata=False, codelist=s.codelist
            )
            for s in selected
        },
        "extension": _extension(table, dimension_ids, data=True),
        "value": values,
    }
    if status:
        document["status"] = status
    return document


# ---------------------------------------------------------------------------------------------
# The server
# ---------------------------------------------------------------------------------------------

_TABLE_PATH = re.compile(r"^/tables/([^/]+)(/metadata|/data)?/?$")
_CODELIST_PATH = re.compile(r"^/codelists/([^/]+)/?$", re.IGNORECASE)
_VALUE_CODES = re.compile(r"^valueCodes\[(.+)\]$")
_CODELIST_PARAM = re.compile(r"^codelist\[(.+)\]$")


class ScbImitation(ImitationServer):
    """SCB PxWebApi 2.0 on 127.0.0.1; `url` is "http://127.0.0.1:PORT/api/v2"."""

    base_path = "/api/v2"
    data_prefix = "/tables/"

    def __init__(
        self,
        max_cells: int = 150_000,
        max_calls: int | None = 30,
        time_window: float = 10,
        *,
        host: str = "127.0.0.1",
        port: int = 0,
    ) -> None:
        super().__init__(max_calls, time_window, host=host, port=port)
        self.max_cells = max_cells

    def is_data(self, recorded: Recorded) -> bool:
        return recorded.path.rstrip("/").endswith("/data")

    # ---- routing ------------------------------------------------------------------------------

    def handle(
        self,
        method: str,
        path: str,
        query: dict[str, list[str]],
        body: bytes,
        target: str,
        headers: dict[str, str],
    ) -> Reply:
        if method == "GET" and len(target) > MAX_URL_LENGTH:
            return Reply(404, b"", {"Content-Type": "text/html"})
        if not path.startswith(self.base_path + "/"):
            return problem(404, "Not found", path)
        route = path[len(self.base_path) :]
        if route.rstrip("/") == "/config":
            return self._only(method, "GET") or json_reply(200, self.config_document())
        if route.rstrip("/") == "/tables":
            return self._only(method, "GET") or self._tables(query)
        if m := _CODELIST_PATH.match(route):
            return self._only(method, "GET") or self._codelist(m[1])
        m = _TABLE_PATH.match(route)
        if not m:
            return problem(404, "Not found", path)
        table = tables().get(m[1].upper())
        if table is None:
            return problem(404, "Non-existent table", m[1])
        if m[2] is None:
            return self._only(method, "GET") or json_reply(200, self._table_entry(table))
        if m[2] == "/metadata":
            return self._only(method, "GET") or self._metadata(table, query)
        if method not in ("GET", "POST"):
            return problem(405, "Method Not Allowed", method)
        content_type = {k.lower(): v for k, v in headers.items()}.get("content-type", "")
        if method == "POST" and body.strip() and "json" not in content_type.lower():
            return problem(415, "Unsupported Media Type", content_type or None)
        return self._data(table, method, query, body)

    @staticmethod
    def _only(method: str, allowed: str) -> Reply | None:
        return None if method == allowed else problem(405, "Method Not Allowed", method)

    # ---- documents ----------------------------------------------------------------------------

    def config_document(self) -> dict[str, Any]:
        return {
            "apiVersion": "2.2.0",
            "appVersion": "1.0.0",
            "languages": [{"id": "en", "label": "English"}, {"id": "sv", "label": "Svenska"}],
            "defaultLanguage": "sv",
            "maxDataCells": self.max_cells,
            # With the limiter off (max_calls=None) a large number, as clients expect an int.
            "maxCallsPerTimeWindow": UNLIMITED_CALLS if self.max_calls is None else self.max_calls,
            "timeWindow": int(w) if (w := self.time_window) == int(w) else w,
            "license": "https://creativecommons.org/share-your-work/public-domain/cc0/",
            "sourceReferences": [
                {"language": "en", "text": "Source: Statistics Sweden"},
                {"language": "sv", "text": "Källa: SCB"},
            ],
            "defaultDataFormat": "json-stat2",
            "dataFormats": ["json-stat2", "csv", "px", "xlsx", "html", "json-px"],
            "features": [{"id": "CORS", "params": [{"key": "enabled", "value": "True"}]}],
        }

    def _table_entry(self, table: Table) -> dict[str, Any]:
        periods = list(table.variable("Tid").values)
        href = f"{self.url}/tables/{table.id}"
        return {
            "id": table.id,
            "label": table.label,
            "description": "",
            "sortCode": table.id,
            "updated": table.updated,
            "firstPeriod": periods[0],
            "lastPeriod": periods[-1],
            "category": "public",
            "variableNames": [v.label for v in table.variables],
            "source": "SCB",
            "subjectCode": "BE",
            "timeUnit": "Annual",
            "paths": [
                [
                    {"id": "BE", "label": "Befolkning", "sortCode": "Befolkning"},
                    {"id": "BE0101", "label": "Befolkningsstatistik", "sortCode": "001"},
                    {"id": "BE0101A", "label": "Folkmängd", "sortCode": "001"},
                ]
            ],
            "links": [
                {"rel": "self", "hreflang": "sv", "href": f"{href}?lang=sv"},
                {"rel": "alternate", "hreflang": "en", "href": f"{href}?lang=en"},
                {"rel": "metadata", "hreflang": "sv", "href": f"{href}/metadata?lang=sv"},
                {
                    "rel": "data",
                    "hreflang": "sv",
                    "href": f"{href}/data?lang=sv&outputFormat=json-stat2",
                },
            ],
        }

    def _tables(self, query: dict[str, list[str]]) -> Reply:
        text = (query.get("query") or [""])[0].casefold()
        try:
            size = int((query.get("pagesize") or query.get("pageSize") or ["20"])[0])
            number = int((query.get("pageNumber") or ["1"])[0])
        except ValueError:
            return problem(400, "Parameter error", "pagesize and pageNumber must be integers")
        found = [
            t
            for t in tables().values()
            if not text or text in t.label.casefold() or text in t.id.casefold()
        ]
        pages = max(1, math.ceil(len(found) / size)) if size > 0 else 1
        if size <= 0 or number < 1 or number > pages:
            return problem(404, "Non-existent page", "Non-existent page")

        def link(rel: str, page: int) -> dict[str, str]:
            params = {"lang": "sv", "pagesize": size, "pageNumber": page}
            if text:
                params["query"] = text
            return {"rel": rel, "hreflang": "sv", "href": f"{self.url}/tables/?{urlencode(params)}"}

        page_links = []
        if number > 1:
            page_links.append(link("previous", number - 1))
        if number < pages:
            page_links.append(link("next", number + 1))
        page_links.append(link("last", pages))
        document = {
            "language": "sv",
            "tables": [self._table_entry(t) for t in found[(number - 1) * size : number * size]],
            "page": {
                "pageNumber": number,
                "pageSize": size,
                "totalElements": len(found),
                "totalPages": pages,
                "links": page_links,
            },
            "links": [link("self", number)],
        }
        return json_reply(200, document)

    def _codelist(self, codelist_id: str) -> Reply:
        for table in tables().values():
            for variable in table.variables:
                codelist = variable.codelist(codelist_id)
                if codelist is not None:
                    document = {
                        "id": codelist.id,
                        "label": codelist.label,
                        "language": "sv",
                        "languages": ["sv", "en"],
                        "elimination": False,
                        "type": codelist.type,
                        "values": [
                            {"code": c, "label": variable.values[c], "valueMap": [c]}
                            for c in codelist.codes
                        ],
                        "links": [
                            {
                                "rel": "self",
                                "hreflang": "sv",
                                "href": f"{self.url}/codeLists/{codelist.id}?lang=sv",
                            }
                        ],
                    }
                    return json_reply(200, document)
        return problem(404, "Non-existent codelist", codelist_id)

    def _metadata(self, table: Table, query: dict[str, list[str]]) -> Reply:
        output = (query.get("outputFormat") or ["json-stat2"])[0]
        if output.casefold() != "json-stat2":
            return problem(400, "Unsupported output format", "Unsupported output format")
        return json_reply(200, metadata_document(table, self.url))

    def _data(self, table: Table, method: str, query: dict[str, list[str]], body: bytes) -> Reply:
        output = (query.get("outputFormat") or ["json-stat2"])[0]
        if output.casefold() != "json-stat2":
            # The real service also speaks csv, px, xlsx, html and json-px; the imitation does not.
            return problem(400, "Unsupported output format", "Unsupported output format")
        try:
            items = self._selection_items(method, query, body)
            selected, _ = resolve(table, items)
        except SelectionError as exc:
            return exc.reply
        cells = math.prod(len(s.codes) for s in selected)
        if cells > self.max_cells:
            return problem(
                403,
                "Too many cells selected",
                f"The selection gives {cells} cells; the limit is {self.max_cells} cells.",
            )
        if any(s.duplicated for s in selected):
            return Reply(500, b"", {})  # what SCB answers to a value code given twice
        return json_reply(200, data_document(table, selected), JSON)

    @staticmethod
    def _selection_items(
        method: str, query: dict[str, list[str]], body: bytes
    ) -> list[tuple[str, list[str], str | None]]:
        codelists: dict[str, str] = {}
        for key, values in query.items():
            if m := _CODELIST_PARAM.match(key):
                codelists[m[1]] = values[-1]
        if method == "POST" and body.strip():
            try:
                document = json.loads(body)
            except ValueError as exc:
                raise SelectionError(
                    json_reply(
                        400,
                        {
                            "type": "https://tools.ietf.org/html/rfc9110#section-15.5.1",
                            "title": "One or more validation errors occurred.",
                            "status": 400,
                            "errors": {"$": [f"The JSON value could not be converted: {exc}"]},
                        },
                        "application/problem+json; charset=utf-8",
                    )
                ) from None
            selection = document.get("selection") if isinstance(document, dict) else None
            items = []
            for item in selection or []:
                if not isinstance(item, dict) or not isinstance(item.get("variableCode"), str):
                    raise bad_request("Non-existent variable", json.dumps(item, ensure_ascii=False))
                codes = item.get("valueCodes") or []
                if not isinstance(codes, list) or not all(isinstance(c, str) for c in codes):
                    raise bad_request("Illegal selection expression", item["variableCode"])
                code = item["variableCode"]
                items.append((code, codes, item.get("codelist") or codelists.get(code)))
            return items
        items = []
        for key, values in query.items():
            if m := _VALUE_CODES.match(key):
                codes = [c for value in values for c in split_get_value_codes(value)]
                items.append((m[1], codes, codelists.get(m[1])))
        return items
