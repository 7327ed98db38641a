"""One upload: checked exactly as `asfetl reports check` checks a file, held to its link, and —
accepted — written to the inbox atomically under a name the portal makes; rejected, not kept."""

import contextlib
import csv
import hashlib
import io
import logging
import os
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pandas as pd

from asfetl.errors import AsfetlError, NoWarehouseError
from asfetl.findings import Finding
from asfetl.indicators import reading
from asfetl.portal.links import Link, owner_activities
from asfetl.portal.scratch import Scratch, scratch_root
from asfetl.reports import identifiers
from asfetl.reports.checks import FileCheck, check_file
from asfetl.reports.inbox import safe_name
from asfetl.reports.intake import previous_figures
from asfetl.reports.kinds import ACTIVITY, ENTERPRISE
from asfetl.reports.limits import Budget
from asfetl.reports.reader_messages import finding as message_finding
from asfetl.reports.sample import sample_enterprises, sample_rows
from asfetl.warehouse.publish import working_path

log = logging.getLogger("asfetl.portal")


@dataclass
class Outcome:
    check: FileCheck
    shown_name: str  # the submitter's file name, safe and without personnummer
    stored: Path | None = None  # in the inbox, when accepted
    received_at: datetime | None = None

    @property
    def accepted(self) -> bool:
        return self.stored is not None


def handle_upload(
    settings, link: Link, file_name: str, data: bytes, scratch: Scratch | None = None
) -> Outcome:
    """Check the bytes as the pipeline will; store them only if accepted and the link's own.
    `scratch`: the portal's scratch folder (None: one made for this upload alone)."""
    if scratch is None:
        with _own_scratch(settings) as own:
            return handle_upload(settings, link, file_name, data, own)
    shown = safe_name(file_name or "upload")
    received_at = datetime.now(UTC)
    with scratch.file(data) as copy:
        check = _check(settings, copy, shown)
        check.findings += link_findings(check, link, settings.plan_dir)
        if identifiers.contains_personnummer(file_name, probable=True):  # as the inbox's check
            check.findings.append(named_personnummer(check.name))  # of a file's name does
            check.has_personnummer = True
        outcome = Outcome(check, shown, received_at=received_at)
        if check.accepted and not check.has_personnummer and check.file_format:
            outcome.stored = _store(settings.inbox, data, check, link, received_at, scratch)
    return outcome


@contextlib.contextmanager
def _own_scratch(settings):
    scratch = Scratch(scratch_root(settings.portal_scratch_dir, settings.inbox))
    try:
        yield scratch
    finally:
        scratch.close()


def _check(settings, path: Path, shown: str) -> FileCheck:
    """`reports check`'s check: the same readers, rules, budgets and earlier figures."""
    # Earlier years' figures, for the tenfold warning, read-only from the private working file
    # (the published one holds no report figures): only this file's enterprises' rows are read.
    try:
        con = reading.connect_read_only(working_path(settings.warehouse))
    except NoWarehouseError:
        con = None
    except (AsfetlError, duckdb.Error) as exc:  # damaged or busy: the warnings wait for the run
        log.warning("the working file could not be read for earlier figures: %s", exc)
        con = None
    try:
        previous = (lambda orgnrs: previous_figures(con, orgnrs)) if con else None
        return check_file(
            path, region=settings.region, max_bytes=settings.report_max_bytes,
            previous=previous, display_name=shown, budget=Budget.of(settings),
            plan_dir=settings.plan_dir,
        )  # fmt: skip
    finally:
        if con is not None:
            con.close()


def warm_up(settings) -> None:
    """Check one sample report (nothing kept), so that the first submitter does not wait for
    the validation library to load."""
    rows = sample_rows(sample_enterprises(1, region=settings.region), [date.today().year - 1])
    text = io.StringIO()
    writer = csv.DictWriter(text, fieldnames=ENTERPRISE.names, delimiter=";")
    writer.writeheader()
    writer.writerows(rows)
    with _own_scratch(settings) as scratch, scratch.file(text.getvalue().encode()) as copy:
        _check(settings, copy, "warm-up.csv")


def link_findings(check: FileCheck, link: Link, plan_dir: Path | None = None) -> list[Finding]:
    """A file of another kind than the link's, or rows of another enterprise (or of another
    owner's activities): each refused in a sentence the submitter can act on."""
    wanted = ENTERPRISE if link.kind == "org" else ACTIVITY
    if check.kind != wanted:
        return [_finding(check, wanted, None, None, "link_wrong_kind", None,
                         f"this link is for the {wanted.title_en.lower()}, not the "
                         f"{check.kind.title_en.lower()}",
                         f"länken gäller {wanted.title_sv.lower()}, inte "
                         f"{check.kind.title_sv.lower()}")]  # fmt: skip
    if check.rows.empty:
        return []
    if link.kind == "org":
        column, allowed = "organisationsnummer", {link.subject}
        en = f"this link is for organisation number {link.subject} only: send another "
        en += "enterprise's report through its own link"
        sv = f"länken gäller bara organisationsnummer {link.subject}: ett annat företags "
        sv += "rapport skickas med dess egen länk"
    else:
        column, allowed = "aktivitet", owner_activities(link.subject, plan_dir)
        en = f"this link is for the activities of {link.subject} ({', '.join(sorted(allowed))})"
        sv = f"länken gäller aktiviteterna som {link.subject} ansvarar för "
        sv += f"({', '.join(sorted(allowed))})"
    found = []
    for row_id, value in zip(check.rows["row_id"], check.rows.get(column, []), strict=False):
        if pd.isna(value):
            continue
        given = identifiers.normalise_orgnr(str(value)) if link.kind == "org" else str(value)
        if given not in allowed:
            found.append(_finding(check, wanted, int(row_id), column, "link_other_subject",
                                  identifiers.redact_personnummer(str(value)), en, sv))  # fmt: skip
    return found


def named_personnummer(name: str) -> Finding:
    """The check's finding for a personnummer in the file's name (the inbox's files are checked
    under their own name; an upload is checked under a name the portal makes)."""
    return message_finding(name, "personnummer_found", value=identifiers.REDACTED,
                           where=" (in the file's name)")  # fmt: skip


def _finding(check, kind, row, column, rule, value, en, sv) -> Finding:
    return Finding(kind.dataset, check.name, row, column, rule, value, en, message_sv=sv)


def final_name(link: Link, check: FileCheck, received_at: datetime) -> str:
    """The stored name, made by the portal alone: who, when, which bytes, and the format the
    reader found (never the submitter's name or extension)."""
    who = (
        link.subject.replace("-", "")
        if link.kind == "org"
        else "aktiviteter_" + hashlib.sha256(link.subject.encode()).hexdigest()[:8]
    )
    return f"portal_{who}_{received_at:%Y%m%dT%H%M%SZ}_{check.sha256[:12]}.{check.file_format}"


def _store(inbox: Path, data: bytes, check, link: Link, received_at, scratch: Scratch) -> Path:
    """Write to a dot file in the inbox, then rename: the intake sees the whole file or none."""
    inbox.mkdir(parents=True, exist_ok=True)
    target = inbox / final_name(link, check, received_at)
    temporary = inbox / scratch.temporary_name()
    try:
        with open(temporary, "xb") as f:  # x: never over another file
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
    with contextlib.suppress(OSError):  # make the rename durable where the system allows
        fd = os.open(inbox, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
    return target
