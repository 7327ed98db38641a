"""The enterprise report's one schema: columns, aliases, types, rules and help texts (sv/en).

Readers, the GX suite, the template and the docs are all made from these definitions.
"""

from dataclasses import dataclass

LEGAL_FORMS = ("ekonomisk_forening", "ideell_forening", "aktiebolag", "stiftelse", "annan")
FIRST_REPORT_YEAR = 2000


@dataclass(frozen=True)
class Column:
    name: str  # canonical (Swedish) header
    alias: str  # English header, also accepted
    kind: str  # 'orgnr' | 'text' | 'municipality' | 'year' | 'enum' | 'integer' | 'number'
    label_sv: str
    label_en: str
    help_sv: str
    help_en: str
    example: str
    max_length: int | None = None
    allowed: tuple[str, ...] = ()
    required: bool = True  # an optional column may be left empty (and may be left out)

    @property
    def headings(self) -> tuple[str, ...]:
        """The headers a submitted file may give it: machine names and human labels alike."""
        return (self.name, self.alias, self.label_sv, self.label_en)

    @property
    def is_numeric(self) -> bool:
        return self.kind in ("integer", "number", "year")


@dataclass(frozen=True)
class CrossRule:
    """sum(left) ≤ sum(right) within one row."""

    rule: str
    left: tuple[str, ...]
    right: tuple[str, ...]
    message_sv: str
    message_en: str


def _count(name: str, alias: str, label_sv: str, label_en: str, help_sv: str, help_en: str,
           example: str) -> Column:  # fmt: skip
    return Column(name, alias, "integer", label_sv, label_en, help_sv, help_en, example)


COLUMNS: tuple[Column, ...] = (
    Column(
        "organisationsnummer", "organisation_number", "orgnr",
        "Organisationsnummer", "Organisation number",
        "Företagets organisationsnummer, 10 siffror (NNNNNN-NNNN). Aldrig ett personnummer.",
        "The enterprise's organisation number, 10 digits (NNNNNN-NNNN). Never a personal identity number.",
        "769612-3459",
    ),
    Column(
        "foretagsnamn", "enterprise_name", "text",
        "Företagsnamn", "Enterprise name",
        "Företagets registrerade namn.", "The enterprise's registered name.",
        "Kafé Exempel ek. för.", max_length=200,
    ),
    Column(
        "kommunkod", "municipality_code", "municipality",
        "Kommunkod", "Municipality code",
        "Kommunen där verksamheten bedrivs: koden, fyra siffror (t.ex. 1880), eller namnet (Örebro).",
        "The municipality where the enterprise operates: its code, four digits (e.g. 1880), or "
        "its name (Örebro).",
        "1880",
    ),
    Column(
        "rapportar", "report_year", "year",
        "Rapportår", "Report year",
        "Året rapporten gäller.", "The year the report covers.",
        "2024",
    ),
    Column(
        "juridisk_form", "legal_form", "enum",
        "Juridisk form", "Legal form",
        "En av: " + ", ".join(LEGAL_FORMS) + ".", "One of: " + ", ".join(LEGAL_FORMS) + ".",
        "ekonomisk_forening", allowed=LEGAL_FORMS,
    ),
    _count(
        "anstallda_totalt", "employees_total", "Anställda totalt", "Employees, total",
        "Antal anställda personer under året (personer, inte årsarbeten).",
        "People employed during the year (people, not full-time equivalents).", "12",
    ),
    _count(
        "anstallda_malgrupp", "employees_target_group",
        "Anställda i målgruppen", "Employees in the target group",
        "Anställda som stod långt från arbetsmarknaden när de anställdes. Högst anställda totalt.",
        "Employees who were far from the labour market when hired. At most employees, total.", "8",
    ),
    _count(
        "deltagare", "participants", "Deltagare", "Participants",
        "Personer i arbetsträning, rehabilitering eller praktik under året.",
        "People in work training, rehabilitation or placement during the year.", "20",
    ),
    _count(
        "overgang_arbete", "transitions_work", "Övergång till arbete", "Transitions to work",
        "Deltagare eller anställda i målgruppen som under året gick vidare till arbete.",
        "Participants or target-group employees who moved on to work during the year.", "3",
    ),
    _count(
        "overgang_studier", "transitions_studies", "Övergång till studier",
        "Transitions to studies",
        "Deltagare eller anställda i målgruppen som under året gick vidare till studier.",
        "Participants or target-group employees who moved on to studies during the year.", "1",
    ),
    Column(
        "omsattning_sek", "turnover_sek", "number",
        "Omsättning (kr)", "Turnover (SEK)",
        "Årets omsättning i kronor, alla intäkter.", "The year's turnover in Swedish kronor, all revenue.",
        "4500000",
    ),
    Column(
        "forsaljning_sek", "sales_revenue_sek", "number",
        "Försäljning (kr)", "Sales revenue (SEK)",
        "Intäkter från försäljning av varor och tjänster. Högst omsättningen.",
        "Revenue from selling goods and services. At most the turnover.", "3100000",
    ),
    _count(
        "offentliga_avtal", "public_contracts", "Offentliga avtal", "Public contracts",
        "Antal avtal med offentliga köpare som gällde under året.",
        "Contracts with public buyers in force during the year.", "4",
    ),
    _count(
        "reserverade_avtal", "reserved_contracts", "Reserverade avtal", "Reserved contracts",
        "Av de offentliga avtalen: reserverade upphandlingar (LOU 4 kap. 18 §). Högst offentliga avtal.",
        "Of the public contracts: reserved procurements (LOU ch. 4 s. 18). At most public contracts.",
        "1",
    ),
)  # fmt: skip

CROSS_RULES: tuple[CrossRule, ...] = (
    CrossRule(
        "target_group_within_employees",
        ("anstallda_malgrupp",),
        ("anstallda_totalt",),
        "anställda i målgruppen får inte vara fler än anställda totalt",
        "employees in the target group cannot exceed employees, total",
    ),
    CrossRule(
        "transitions_within_people",
        ("overgang_arbete", "overgang_studier"),
        ("deltagare", "anstallda_malgrupp"),
        "övergångar till arbete och studier får inte vara fler än deltagare plus anställda i målgruppen",
        "transitions to work and studies cannot exceed participants plus target-group employees",
    ),
    CrossRule(
        "sales_within_turnover",
        ("forsaljning_sek",),
        ("omsattning_sek",),
        "försäljningen får inte vara större än omsättningen",
        "sales revenue cannot exceed turnover",
    ),
    CrossRule(
        "reserved_within_public",
        ("reserverade_avtal",),
        ("offentliga_avtal",),
        "reserverade avtal får inte vara fler än offentliga avtal",
        "reserved contracts cannot exceed public contracts",
    ),
)

BY_NAME = {c.name: c for c in COLUMNS}
NUMERIC_COLUMNS = tuple(c.name for c in COLUMNS if c.kind in ("integer", "number"))


def fold_header(text: str) -> str:
    """Header matching ignores case, surrounding spaces, å/ä/ö vs a/a/o, and '-'/' ' vs '_'."""
    folded = str(text).strip().casefold()
    folded = folded.translate(
        str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "-": "_", " ": "_"})
    )
    while "__" in folded:
        folded = folded.replace("__", "_")
    return folded.strip("_")


HEADER_LOOKUP: dict[str, str] = {
    fold_header(key): column.name for column in COLUMNS for key in column.headings
}


def canonical_header(text: str) -> str | None:
    """The canonical column a submitted header means, or None if it is not a report column."""
    return HEADER_LOOKUP.get(fold_header(text))
