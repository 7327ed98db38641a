"""`asfetl status`: last runs, freshness per source and open findings, for operators and monitors."""

import argparse
import sys
from pathlib import Path

from asfetl.cli import output

STALE_OR_FAILED = 3  # `asfetl status --check` exit code for monitoring


def add_commands(commands: argparse._SubParsersAction) -> None:
    status = commands.add_parser(
        "status",
        help="show the last runs, freshness per source and open data-quality findings",
        description="Summarise the published warehouse and the runs since (read-only).",
    )
    status.add_argument("--runs", type=_count, default=10, help="how many recent runs to list")
    status.add_argument(
        "--check",
        action="store_true",
        help="for monitoring: exit 3 if a source is stale or changed what asfetl depends on, or the "
        "last run failed or was partial",
    )
    status.add_argument(
        "--regions-dir",
        type=Path,
        metavar="DIR",
        help="one line per region of DIR (asfetl deploy --region … --regions-dir DIR), from each "
        "region's own warehouse; with --check, exit 3 if any region needs a look",
    )
    status.set_defaults(handler=cmd_status)


def cmd_status(args: argparse.Namespace) -> int:
    from asfetl.errors import NoWarehouseError
    from asfetl.operations import runs
    from asfetl.operations import status as run_status
    from asfetl.settings import load_settings

    settings = load_settings()
    if args.regions_dir:
        return _regions_status(settings, args.regions_dir, args.check)
    try:
        status = run_status.status(settings, last_runs=args.runs)
    except NoWarehouseError:
        failed = runs.read_journal(settings.runs_dir)  # runs that never published anything
        for run in sorted(failed, key=lambda r: r.started_at, reverse=True)[: args.runs]:
            print(
                f"{run.run_id}  {output.format_value(run.started_at)}  {run.status}  "
                f"{run.error_message}"
            )
        raise
    _print_status(status, settings)
    if args.check and status.attention:
        kinds = sorted({a.kind.lower() for a in status.attention})
        print(
            f"asfetl status --check: needs a person ({', '.join(kinds)}); see 'Needs a person'.",
            file=sys.stderr,
        )
        return STALE_OR_FAILED
    return 0


def _print_status(status, settings) -> None:
    """One screen: the build, the last runs, one line per dataset, the inbox, the reporting years,
    the publishers' calendar, the findings and what needs a person."""
    from asfetl import localtime

    info = status.info
    if info:
        print(
            f"Warehouse {settings.warehouse}: {info.region_name} ({info.region_code}), "
            f"published by run {info.run_id} at {output.format_value(info.built_at)}."
        )
        if info.is_sample:
            print(output.SAMPLE_BANNER)
    print(f"Times in Swedish local time ({localtime.STOCKHOLM.key}).")
    print("\nLast runs:")
    print(output.table(status.runs) if len(status.runs) else "  none")
    print(
        f"\nSources (stale: not refreshed within its cadence + {settings.stale_grace_days:g} "
        "days; requests: of the latest check):"
    )
    print(output.table(status.sources) if len(status.sources) else "  none fetched yet")
    inbox = status.inbox
    if inbox is None or not inbox.files:
        print("\nInbox: no files waiting.")
    else:
        print(
            f"\nInbox: {inbox.files} file(s) waiting, {inbox.from_portal} of them uploaded through "
            f"the portal, the oldest since {output.format_value(inbox.oldest)}; the next run takes "
            "them in."
        )
    print(_reporting_years(status.reporting_years))
    _print_contract(status)
    print(f"\nOpen data-quality findings: {len(status.findings)}")
    if len(status.findings):
        counted = (
            status.findings.groupby(["dataset", "rule"], as_index=False)
            .agg(findings=("message", "size"), example=("message", "first"))
        )  # fmt: skip
        print(output.table(counted))
    if status.attention:
        print(f"\nNeeds a person ({len(status.attention)}):")
        for item in status.attention:
            print(f"  {item.line()}")
    else:
        print("\nNeeds a person: nothing.")


def _reporting_years(years) -> str:
    """'Reporting years: 2022–2024 final; 2025: 0 of 24 expected reports, due 2026-03-31
    (overdue)'; a year not yet due is 'open'."""
    if not len(years):
        return "\nReporting years: no report received yet."
    final = [int(y) for y in years[years.state == "final"].year]
    parts = []
    if final:
        span = f"{final[0]}–{final[-1]}" if len(final) > 1 else str(final[0])
        parts.append(f"{span} final")
    for row in years[years.state != "final"].itertuples():
        parts.append(
            f"{row.year}: {row.reported} of {row.expected} expected reports, due "
            f"{row.due_date:%Y-%m-%d} ({row.state})"
        )
    return "\nReporting years: " + "; ".join(parts) + "."


def _regions_status(settings, regions_dir: Path, check: bool) -> int:
    from asfetl.errors import SettingsError
    from asfetl.operations import region_overview

    lines = region_overview.overview(settings, regions_dir)
    if not lines:
        raise SettingsError(
            f"--regions-dir {str(regions_dir)!r} holds no region folders (named by county code, "
            "e.g. 18/); asfetl deploy --region CODE --regions-dir DIR creates them."
        )
    print(f"Regions in {regions_dir}:")
    print(output.table(region_overview.as_frame(lines)))
    troubled = [line for line in lines if line.needs_a_look]
    print(f"\n{len(troubled)} of {len(lines)} regions need a look.")
    if check and troubled:
        print(
            "asfetl status --check: "
            + "; ".join(f"{line.name}: {line.problem.rstrip('.')}" for line in troubled) + ".",
            file=sys.stderr,
        )  # fmt: skip
        return STALE_OR_FAILED
    return 0


def _print_contract(status) -> None:
    """What the publishers changed in what asfetl depends on, and when they plan to publish."""
    if len(status.calendar):
        print(
            "\nPublication calendar (out: newest period published; next: the period the next "
            "publication delivers, on):"
        )
        print(output.table(_grouped_calendar(status.calendar)))
    from asfetl.operations.contracts import NEEDS_A_PERSON

    shown_below = [row.kind in NEEDS_A_PERSON for row in status.contract.itertuples()]
    below = f" ({sum(shown_below)} under Needs a person)" if any(shown_below) else ""
    print(f"\nSource contract findings (latest check): {len(status.contract)}{below}")
    for row, later in zip(status.contract.itertuples(), shown_below, strict=True):
        if not later:  # the others are said once, with what to do, under Needs a person
            print(f"  {row.kind.upper()}: {row.message}")
    if len(status.changes):
        print("\nDefinitions changed in the last 90 days:")
        for row in status.changes.itertuples():
            print(
                f"  {output.format_value(row.changed_at)} {row.source} {row.object_id} "
                f"{row.field}:\n    was: {row.old_value}\n    now: {row.new_value}"
            )


def _count(text: str) -> int:
    """--runs: a whole number from 1 to 1000 (argparse says so in one line, exit 2)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
    if not 1 <= value <= 1000:
        raise argparse.ArgumentTypeError("must be a number of runs from 1 to 1000")
    return value


def _grouped_calendar(calendar):
    """One line per source and shared (out, loaded, next, on, state), its ids together: KPIs that
    a publisher publishes on one day take one line, so the calendar stays short with many."""
    keys = ["source", "out", "loaded", "next", "on", "state"]
    grouped = (
        calendar.astype({k: "object" for k in keys})
        .fillna({k: "" for k in keys})
        .groupby(keys, sort=False, dropna=False)["id"]
        .agg(lambda ids: " ".join(sorted(ids)))
        .reset_index()
    )
    return grouped[["source", "id", "out", "loaded", "next", "on", "state"]].sort_values(
        ["on", "source", "id"], kind="stable"
    )
