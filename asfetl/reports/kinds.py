"""The kinds of file submitted to the inbox, and how a file's header row tells which it is.

Each kind has its own schema, GX suite and raw table; both go through the same reading, typing,
checking, feedback and intake.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property

from asfetl.reports import activity_schema, schema
from asfetl.reports.schema import Column, CrossRule, fold_header


@dataclass(frozen=True)
class ReportKind:
    dataset: str  # dataset name in findings and the name of its GX suite
    columns: tuple[Column, ...]
    cross_rules: tuple[CrossRule, ...]
    key: tuple[str, ...]  # one row per key in a file; a later file's row supersedes an earlier
    raw_table: str
    title_sv: str
    title_en: str
    tenfold_warnings: bool = False  # compare figures with the previous year (enterprises only)

    @cached_property
    def by_name(self) -> dict[str, Column]:
        return {c.name: c for c in self.columns}

    @cached_property
    def header_lookup(self) -> dict[str, str]:
        """Every heading a column may have: its name, its English alias, and its Swedish and
        English labels (the portal's prefilled template is headed with the labels)."""
        return {fold_header(k): c.name for c in self.columns for k in c.headings}

    @property
    def names(self) -> list[str]:
        return [c.name for c in self.columns]

    @property
    def required(self) -> list[str]:
        return [c.name for c in self.columns if c.required]

    def canonical_header(self, text: str) -> str | None:
        return self.header_lookup.get(fold_header(text))


ENTERPRISE = ReportKind(
    "enterprise_report",
    schema.COLUMNS,
    schema.CROSS_RULES,
    ("organisationsnummer", "rapportar"),
    "raw.enterprise_reports",
    "Företagens årsrapport",
    "Enterprise annual report",
    tenfold_warnings=True,
)
ACTIVITY = ReportKind(
    "activity_report",
    activity_schema.COLUMNS,
    (),
    ("aktivitet", "ar"),
    "raw.activity_reports",
    "Uppföljning av planens aktiviteter",
    "Follow-up of the plan's activities",
)
KINDS = (ENTERPRISE, ACTIVITY)
BY_DATASET = {kind.dataset: kind for kind in KINDS}


def detect_kind(headers: Iterable[object]) -> ReportKind:
    """The kind whose columns the header row names most; a tie (or nothing known) is an
    enterprise report, the common case, so its findings say which columns are missing."""
    texts = [str(h) for h in headers if h is not None]
    return max(KINDS, key=lambda k: sum(1 for h in texts if k.canonical_header(h)))


def any_canonical_header(text: str) -> str | None:
    """The column a header means in any kind (used before the kind is known)."""
    for kind in KINDS:
        if found := kind.canonical_header(text):
            return found
    return None


def column_of(name: str | None) -> Column | None:
    """A column by canonical name, in whichever kind has it."""
    for kind in KINDS:
        if name in kind.by_name:
            return kind.by_name[name]
    return None
