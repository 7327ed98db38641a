"""The source contract watch: each run reads the publishers' metadata of what it depends on,
lands it, and compares it with the configuration and with what the last run saw.

A configured KPI or table the publisher no longer lists, or marks as ended (in its title, as the
source's contract reads it), a table with no recent year while the configuration expects newer
ones, a title,
description or `updated` that changed since the last run, a newer period published than loaded,
and a planned publication that is late: each is a SourceFinding in ops.source_findings, shown by
`asfetl status`, the run's artifact and the webhook. None of them stops a run from publishing.
"""

import logging
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

import duckdb
import pandas as pd

from asfetl import sources
from asfetl.errors import AsfetlError
from asfetl.findings import SourceFinding
from asfetl.operations.run_context import RunContext
from asfetl.sources.source import Contract, Definition, Expected
from asfetl.warehouse.landing import land, mark_loaded

log = logging.getLogger(__name__)

STALE_YEARS = 2  # a table whose newest year is older than this has stopped, for an open series
FIELDS = ("title", "description", "updated")  # what counts as a definition changing


def compare(
    contract: Contract,
    source: str,
    expected: list[Expected],
    definitions: list[Definition],
    previous: dict[str, dict[str, Any]],
    loaded: dict[str, int],
    today: date,
    grace_days: float,
) -> list[SourceFinding]:
    """Every finding of one source: what the configuration expects against what the publisher
    says today, and what it said at the last run (`previous`, by object id)."""
    by_id = {d.object_id: d for d in definitions}
    noun, publisher = contract.noun, contract.publisher
    found = []

    def say(object_id: str, kind: str, message: str) -> None:
        found.append(SourceFinding(source, object_id, kind, message))

    for want in expected:
        oid, now, before = want.object_id, by_id.get(want.object_id), previous.get(want.object_id)
        if now is None:
            year = contract.ended_year((before or {}).get("title") or want.title)
            ended = f" (series ended {year})" if year else ""
            say(oid, "ended", f"{noun} {oid} is no longer published by {publisher}{ended}.")
            continue
        if year := contract.ended_year(now.title):
            say(
                oid,
                "ended",
                f"{noun} {oid} is no longer published by {publisher} (series ended {year}): "
                f"its title is now “{now.title}”.",
            )
        elif (
            want.open_ended
            and now.latest_period is not None
            and now.latest_period < today.year - STALE_YEARS
        ):
            say(
                oid,
                "ended",
                f"{publisher} {noun} {oid} has no year after {now.latest_period}, yet the "
                "configuration expects newer years from it.",
            )
        if before and before["listed"]:
            for name in FIELDS:
                old, new = before.get(name) or "", getattr(now, name) or ""
                if old != new:
                    say(
                        oid,
                        "changed",
                        f"{publisher} changed the {name} of {noun} {oid}: was “{old}”, "
                        f"is now “{new}”.",
                    )
        newest = loaded.get(oid)
        if now.latest_period is not None and newest is not None and now.latest_period > newest:
            say(
                oid,
                "new_data",
                f"{publisher} has published {noun} {oid} for {now.latest_period}: new data "
                f"published, not yet loaded (newest loaded: {newest}).",
            )
        due = now.next_publication
        if due is not None and today > due + timedelta(days=grace_days):
            say(
                oid,
                "late",
                f"{publisher} planned to publish {noun} {oid} on {due:%Y-%m-%d}; "
                f"{(today - due).days} days later no new period has arrived.",
            )
    return found


def watch_sources(ctx: RunContext) -> list[SourceFinding]:
    """Fetch, land and compare every source's contract; record definitions, changes, findings.
    A publisher whose metadata cannot be fetched is logged: its data step already says so."""
    findings: list[SourceFinding] = []
    for source in sources.SOURCES:
        contract = source.contract
        if contract is None:
            continue
        try:
            payloads = contract.fetch(ctx.settings, ctx.sample)
        except AsfetlError as exc:
            log.warning("The %s metadata could not be checked: %s", source.name, exc)
            ctx.count("contracts", **{f"{source.name}.unreachable": 1})
            continue
        if not payloads:
            continue  # e.g. a source whose sample data ships no metadata: nothing to compare
        definitions: list[Definition] = []
        for payload in payloads:
            payload = replace(payload, source=source.name, dataset=contract.dataset)
            landed = land(ctx.con, payload, ctx.settings.warehouse_dir, ctx.run_id)
            try:
                definitions += contract.parse(payload)
            except (ValueError, KeyError, TypeError, AttributeError) as exc:
                message = f"The {source.name} metadata is not in the expected format ({exc})."
                findings.append(SourceFinding(source.name, "-", "unreadable", message))
                continue
            mark_loaded(ctx.con, landed.payload_id)
        expected = contract.expected()
        previous = _previous(ctx.con, source.name)
        findings += compare(
            contract,
            source.name,
            expected,
            definitions,
            previous,
            contract.newest_loaded(ctx.con),
            date.today(),
            ctx.settings.stale_grace_days,
        )
        _remember(ctx.con, source.name, expected, definitions, previous, ctx.run_id)
    _record(ctx.con, findings, ctx.run_id)
    for finding in findings:
        log.warning("Source contract: %s", finding.message)
    ctx.count("contracts", findings=len(findings))
    return findings


def _previous(con: duckdb.DuckDBPyConnection, source: str) -> dict[str, dict[str, Any]]:
    frame = con.execute(
        "select object_id, listed, title, description, updated from ops.source_definitions "
        "where source = ?",
        [source],
    ).df()
    return {row["object_id"]: row for row in frame.to_dict("records")}


def _remember(
    con: duckdb.DuckDBPyConnection,
    source: str,
    expected: list[Expected],
    definitions: list[Definition],
    previous: dict[str, dict[str, Any]],
    run_id: str,
) -> None:
    """The latest definition of every expected object, and each change with old and new text."""
    now = datetime.now(UTC)
    by_id = {d.object_id: d for d in definitions}
    for want in expected:
        d, before = by_id.get(want.object_id), previous.get(want.object_id)
        if d is None:  # keep what it last said: an ended KPI's last title names its last year
            con.execute(
                "update ops.source_definitions set listed = false, checked_at = ?, run_id = ? "
                "where source = ? and object_id = ?",
                [now, run_id, source, want.object_id],
            )
            if before is None:
                con.execute(
                    "insert into ops.source_definitions (source, object_id, listed, title, "
                    "checked_at, run_id) values (?, ?, false, ?, ?, ?)",
                    [source, want.object_id, want.title or None, now, run_id],
                )
            continue
        if before is not None and before["listed"]:
            for name in FIELDS:
                old, new = before.get(name) or "", getattr(d, name) or ""
                if old != new:
                    con.execute(
                        "insert into ops.definition_changes values (?, ?, ?, ?, ?, ?, ?)",
                        [source, d.object_id, name, old or None, new or None, now, run_id],
                    )
        con.execute(
            "insert or replace into ops.source_definitions values (?, ?, true, ?, ?, ?, ?, ?, ?, ?)",
            [
                source,
                d.object_id,
                d.title,
                d.description,
                d.updated,
                d.latest_period,
                d.next_publication,
                now,
                run_id,
            ],
        )


def _record(con: duckdb.DuckDBPyConnection, findings: list[SourceFinding], run_id: str) -> None:
    now = datetime.now(UTC)
    for f in findings:
        con.execute(
            "insert into ops.source_findings values (?, ?, ?, ?, ?, ?)",
            [run_id, f.source, f.object_id, f.kind, f.message, now],
        )


def open_findings(con: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """The findings of the latest run that checked the sources' contracts."""
    return con.execute(
        """
        select source, object_id, kind, message from ops.source_findings
        where run_id = (select arg_max(run_id, checked_at) from ops.source_definitions)
        order by source, object_id, kind
        """
    ).df()


def recent_changes(con: duckdb.DuckDBPyConnection, days: int = 90) -> pd.DataFrame:
    """Definitions that changed in the last `days` days, newest first, with old and new text."""
    return con.execute(
        """
        select changed_at, source, object_id, field, old_value, new_value
        from ops.definition_changes
        where changed_at >= now() - to_days(cast(? as integer))
        order by changed_at desc, source, object_id, field
        """,
        [days],
    ).df()


def calendar(con: duckdb.DuckDBPyConnection, grace_days: float, today: date) -> pd.DataFrame:
    """Per KPI with a planned publication: the latest period published and loaded, when the next
    is due, and whether it is late (the fixed cadences of freshness cover the rest)."""
    rows = []
    for source in sources.SOURCES:
        if source.contract is None:
            continue
        loaded = dict(
            con.execute(
                "select object_id, newest_year from ops.newest_loaded where source = ?",
                [source.name],
            ).fetchall()
        )  # written at publish from the raw tables, which only the working file holds
        expected = {want.object_id for want in source.contract.expected()}
        planned = con.execute(
            "select object_id, latest_period, next_publication from ops.source_definitions "
            "where source = ? and listed and next_publication is not null order by object_id",
            [source.name],
        ).fetchall()
        for object_id, published, due in planned:
            if object_id not in expected:
                continue  # no longer configured
            late = today > due + timedelta(days=grace_days)
            days = (due - today).days
            state = f"LATE ({-days} days)" if late else ("due" if days <= 0 else f"in {days} days")
            rows.append(
                {
                    "source": source.name,
                    "id": object_id,
                    "published": published,
                    "loaded": loaded.get(object_id),
                    "next_publication": due,
                    "state": state,
                }
            )
    columns = ["source", "id", "published", "loaded", "next_publication", "state"]
    return pd.DataFrame(rows, columns=columns)
