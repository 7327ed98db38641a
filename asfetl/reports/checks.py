"""Check one submitted report file: read, type, identifier checks, GX suites → a whole-file decision."""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path

import pandas as pd

from asfetl import geography
from asfetl.findings import Finding, HasFindings
from asfetl.plan.activities import activity_ids
from asfetl.reports import identifiers
from asfetl.reports.cross_values import with_named_values
from asfetl.reports.identifiers import REDACTED
from asfetl.reports.inbox import printable
from asfetl.reports.kinds import ENTERPRISE, KINDS, ReportKind, column_of
from asfetl.reports.limits import Budget
from asfetl.reports.normalise import DTYPES, normalise
from asfetl.reports.raw_file import read_regular
from asfetl.reports.reader_messages import finding as message_finding
from asfetl.reports.readers import ZIP_MAGIC, read_report
from asfetl.reports.suite import FILE_COLUMN, TENFOLD_COLUMNS, WARNING_SUITE, side_column
from asfetl.validation import validate_frame

DATASET = ENTERPRISE.dataset
# Columns a person writes in freely: a date-shaped number there is taken for a personnummer
# even when its check digit fails (a mistyped personnummer is still one).
FREE_TEXT = {c.name for k in KINDS for c in k.columns if c.kind == "text"}

# Previous years' figures of the enterprises in a file: orgnr, year and the TENFOLD_COLUMNS.
PreviousFigures = Callable[[list[str]], pd.DataFrame]


@dataclass
class FileCheck(HasFindings):
    """What was found in one file, and so whether it is accepted (as a whole) or rejected."""

    path: Path
    sha256: str
    size: int
    file_format: str | None = None
    rows: pd.DataFrame = field(default_factory=pd.DataFrame)  # typed; row_id = submitter's row
    findings: list[Finding] = field(default_factory=list)
    has_personnummer: bool = False
    details: dict = field(default_factory=dict)
    name: str = ""  # as shown to the submitter (the stored, safe name)
    kind: ReportKind = ENTERPRISE  # what the header row says the file is

    @property
    def accepted(self) -> bool:
        return not self.errors


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_file(
    path: Path,
    *,
    region: str,
    max_bytes: int,
    previous: PreviousFigures | None = None,
    display_name: str | None = None,
    budget: Budget | None = None,
    plan_dir: Path | None = None,
) -> FileCheck:
    """Every finding in one file; personnummer are redacted from all of them. `plan_dir`: the
    plan whose activity ids a follow-up may name (ASFETL_PLAN_DIR; None: the shipped example)."""
    check = prepare_file(path, max_bytes=max_bytes, display_name=display_name, budget=budget)
    check_files([check], region=region, previous=previous, plan_dir=plan_dir)
    return check


def prepare_file(
    path: Path,
    *,
    max_bytes: int,
    display_name: str | None = None,
    sha256: str | None = None,
    budget: Budget | None = None,
    original_name: str | None = None,
) -> FileCheck:
    """Read, type and check one file's identifiers; the GX suites run later, for a whole batch.
    `sha256`: the file's hash when the caller has already worked it out; `original_name`: the
    name it arrived under, when `path` is a copy (screened for personnummer as it was)."""
    budget = budget or Budget(max_bytes=max_bytes)
    max_bytes = budget.max_bytes
    name = printable(identifiers.redact_name(display_name or path.name))  # one line in a log
    size = path.lstat().st_size
    if sha256 is None:
        sha256 = sha256_of(path) if size <= max_bytes else ""
    check = FileCheck(path, sha256, size, name=name)
    read = read_report(path, budget=budget)
    check.file_format, check.details, check.kind = read.file_format, read.details, read.kind
    findings = [replace(f, file=name) for f in read.findings]
    findings += _personnummer_findings(
        path, read.frame, name, size <= max_bytes, original_name or path.name
    )
    check.has_personnummer = any(f.rule == "personnummer_found" for f in findings)
    if read.file_format and not read.frame.empty and "row_id" in read.frame:
        typed, type_findings = normalise(read.frame, file=name)
        findings += type_findings
        findings += _orgnr_findings(typed, name)
        check.rows = typed
    elif read.file_format and not any(f.severity == "error" for f in findings):
        findings.append(
            Finding(
                DATASET, name, None, None, "no_rows", None,
                "the file has a header but no report rows",
                message_sv="filen har rubriker men inga rapportrader",
            )
        )  # fmt: skip
    check.findings = [replace(f, dataset=check.kind.dataset) for f in findings]
    return check


def check_files(
    checks: list[FileCheck],
    *,
    region: str,
    previous: PreviousFigures | None = None,
    plan_dir: Path | None = None,
) -> None:
    """Run each kind's GX suites once over the rows of every prepared file of that kind (GX costs
    per call, not per row), give each file its findings, and redact personnummer from all."""
    parameters = {
        "municipality_codes": [m.code for m in geography.municipalities(region)],
        "current_year": date.today().year,
        "activity_ids": activity_ids(plan_dir),
    }
    for kind in {c.kind.dataset: c.kind for c in checks}.values():
        complete = [
            c for c in checks
            if c.kind == kind and not c.rows.empty and all(n in c.rows for n in kind.required)
        ]  # fmt: skip
        if not complete:
            continue
        for check in complete:
            check.rows = _with_optional(check.rows, kind)
        frame = pd.concat(
            [c.rows.assign(**{FILE_COLUMN: i}) for i, c in enumerate(complete)],
            ignore_index=True,
        )
        errors = validate_frame(
            _with_cross_sums(frame, kind), kind.dataset, file="", parameters=parameters,
            file_column=FILE_COLUMN,
        )  # fmt: skip
        warnings = _warning_findings(frame, previous) if kind.tenfold_warnings else []
        for finding in [*errors, *warnings]:
            check = complete[int(finding.file)]
            # a cell already reported (unreadable number, bad orgnr) is not reported again
            if (finding.row, finding.column) not in {(f.row, f.column) for f in check.findings}:
                check.findings.append(replace(finding, dataset=kind.dataset, file=check.name))
        for check in complete:  # '-3, 10' becomes 'anställda totalt −3', '… i målgruppen 10'
            check.findings = with_named_values(check.findings, check.rows, kind)
    for check in checks:
        check.findings = [_redacted(f) for f in check.findings]


def _personnummer_findings(
    path: Path, frame: pd.DataFrame, name: str, readable: bool, display: str
) -> list[Finding]:
    """Any valid personnummer anywhere — cells, headers, the raw text, the file's name — rejects
    the file; in free text (names, comments) so does a mistyped one."""
    found: list[Finding] = []
    for column in frame.columns.drop("row_id", errors="ignore"):
        probable = column in FREE_TEXT
        for row_id, value in zip(frame.get("row_id", []), frame[column], strict=False):
            if isinstance(value, str) and identifiers.contains_personnummer(value, probable):
                found.append(_pnr_finding(name, int(row_id), column))
    if not found and readable and path.lstat().st_size:
        try:
            raw = read_regular(path, 2**31)
        except OSError:
            return found  # not a regular file: the reader has said so
        if not raw.startswith(ZIP_MAGIC) and identifiers.contains_personnummer(raw_text(raw)):
            found.append(_pnr_finding(name, None, None))
    if identifiers.contains_personnummer(display, probable=True):
        found.append(message_finding(name, "personnummer_found", value=REDACTED,
                                     where=" (in the file's name)"))  # fmt: skip
    return found


def raw_text(raw: bytes) -> str:
    """A text file's bytes read every way it could be meant: UTF-8, cp1252 and UTF-16."""
    texts = [raw.decode("utf-8", errors="ignore"), raw.decode("cp1252", errors="ignore")]
    if b"\x00" in raw:
        texts += [raw.decode(e, errors="ignore") for e in ("utf-16-le", "utf-16-be")]
        texts += [raw[1:].decode(e, errors="ignore") for e in ("utf-16-le", "utf-16-be")]
    return "\n".join(texts)


def _pnr_finding(name: str, row: int | None, column: str | None) -> Finding:
    return message_finding(
        name, "personnummer_found", row=row, column=column, value=REDACTED, where=""
    )


ORGNR_MESSAGES = {
    "orgnr_format": (
        "an organisation number has 10 digits: NNNNNN-NNNN",
        "ett organisationsnummer har 10 siffror: NNNNNN-NNNN",
    ),
    "orgnr_checksum": (
        "the organisation number's check digit is wrong: check for a typing error",
        "organisationsnumrets kontrollsiffra stämmer inte: kontrollera om det är felskrivet",
    ),
    "orgnr_not_legal_entity": (
        "this is not an organisation number (its third digit must be 2 or more)",
        "detta är inte ett organisationsnummer (tredje siffran ska vara 2 eller högre)",
    ),
}


def _orgnr_findings(typed: pd.DataFrame, name: str) -> list[Finding]:
    if "organisationsnummer" not in typed:
        return []
    found = []
    for row_id, value in zip(typed["row_id"], typed["organisationsnummer"], strict=True):
        if pd.isna(value):
            continue  # the suite reports the empty cell
        problem = identifiers.orgnr_problem(str(value))
        if problem:
            en, sv = ORGNR_MESSAGES[problem]
            found.append(
                Finding(DATASET, name, int(row_id), "organisationsnummer", problem, str(value), en,
                        message_sv=sv)
            )  # fmt: skip
    return found


def _with_optional(rows: pd.DataFrame, kind: ReportKind) -> pd.DataFrame:
    """An optional column the file left out is an empty column of its type."""
    missing = {
        c.name: pd.array([None] * len(rows), dtype=DTYPES.get(c.kind, "string"))
        for c in kind.columns
        if c.name not in rows
    }
    return rows.assign(**missing) if missing else rows


def _with_cross_sums(frame: pd.DataFrame, kind: ReportKind) -> pd.DataFrame:
    out = frame.copy()
    for rule in kind.cross_rules:
        for side in (rule.left, rule.right):
            if len(side) > 1 and all(c in out for c in side):
                out[side_column(side)] = sum(out[c] for c in side)
    return out


def _warning_findings(frame: pd.DataFrame, previous: PreviousFigures | None) -> list[Finding]:
    """Figures more than tenfold (or under a tenth of) the enterprise's previous year, as
    reported earlier or in any file of this batch."""
    needed = ["organisationsnummer", "rapportar", *TENFOLD_COLUMNS]
    current = frame[[FILE_COLUMN, "row_id", *needed]]
    history = current[needed]
    if previous is not None:
        orgnrs = sorted(set(current["organisationsnummer"].dropna().astype(str)))
        history = pd.concat([previous(orgnrs)[needed], history], ignore_index=True)
    history = history.drop_duplicates(["organisationsnummer", "rapportar"], keep="last")
    prior = history.assign(rapportar=history["rapportar"] + 1)
    joined = current.merge(prior, on=["organisationsnummer", "rapportar"], how="left",
                           suffixes=("", "_prev"))  # fmt: skip
    checked = joined[[FILE_COLUMN, "row_id"]].copy()
    for column in TENFOLD_COLUMNS:
        before = pd.to_numeric(joined[f"{column}_prev"], errors="coerce").astype("Float64")
        now = pd.to_numeric(joined[column], errors="coerce").astype("Float64")
        checked[f"_ratio_{column}"] = (now / before.where(before > 0)).astype("Float64")
    found = validate_frame(checked, WARNING_SUITE, file="", parameters={}, file_column=FILE_COLUMN)
    typed = current.set_index([FILE_COLUMN, "row_id"])
    return [replace(f, value=_typed_value(typed, int(f.file), f.row, f.column)) for f in found]


def _typed_value(rows: pd.DataFrame, file_index: int, row: int | None, column: str | None):
    """The figure the submitter typed, not the ratio the rule computed."""
    if row is None or column not in rows:
        return None
    value = rows.loc[(file_index, row), column]
    return None if pd.isna(value) else str(value)


def _redacted(finding: Finding) -> Finding:
    if finding.value is None or finding.value == REDACTED:
        return finding
    return replace(finding, value=identifiers.redact_personnummer(finding.value))


def column_label(column: str | None, lang: str) -> str:
    known = column_of(column)
    if not known:
        return column or ""
    return f"{column} ({known.label_sv if lang == 'sv' else known.label_en})"
