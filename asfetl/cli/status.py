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
    status.add_argument("--runs", type=int, default=10, help="how many recent runs to list")
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
    from asfetl.indicators import reading
    from asfetl.operations import freshness, runs
    from asfetl.settings import load_settings

    settings = load_settings()
    if args.regions_dir:
        return _regions_status(settings, args.regions_dir, args.check)
    try:
        status = reading.status(settings, last_runs=args.runs)
    except NoWarehouseError:
        failed = runs.read_journal(settings.runs_dir)  # runs that never published anything
        for run in sorted(failed, key=lambda r: r.started_at, reverse=True)[: args.runs]:
            print(
                f"{run.run_id}  {run.started_at:%Y-%m-%d %H:%M}  {run.status}  {run.error_message}"
            )
        raise
    info = status.info
    if info:
        print(
            f"Warehouse {settings.warehouse}: {info.region_name} ({info.region_code}), "
            f"published by run {info.run_id} at {output.format_value(info.built_at)}."
        )
        if info.is_sample:
            print(output.SAMPLE_BANNER)
    print("\nLast runs:")
    print(output.table(status.runs) if len(status.runs) else "  none")
    print("\nSources:")
    print(output.table(status.sources) if len(status.sources) else "  none fetched yet")
    print(
        f"\nFreshness (stale: not refreshed within its cadence + {settings.stale_grace_days:g} "
        "days):"
    )
    print(output.table(freshness.as_frame(status.freshness)))
    for source in status.stale:
        print(f"  STALE: {source.describe()}.")
    _print_contract(status)
    print(f"\nOpen data-quality findings: {len(status.findings)}")
    if len(status.findings):
        print(output.table(status.findings))
    from asfetl.operations.contracts import NEEDS_A_PERSON

    needs = (
        status.contract[status.contract["kind"].isin(NEEDS_A_PERSON)]
        if len(status.contract)
        else []
    )
    if args.check and (status.stale or _last_run_failed(status) or len(needs)):
        print(
            "asfetl status --check: a source is stale, changed what asfetl depends on, "
            "or the last run failed.",
            file=sys.stderr,
        )
        return STALE_OR_FAILED
    return 0


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
        print("\nPublication calendar (the publishers' next planned publication per KPI):")
        print(output.table(status.calendar))
    print(f"\nSource contract findings (latest check): {len(status.contract)}")
    for row in status.contract.itertuples():
        print(f"  {row.kind.upper()}: {row.message}")
    if len(status.changes):
        print("\nDefinitions changed in the last 90 days:")
        for row in status.changes.itertuples():
            print(
                f"  {row.changed_at:%Y-%m-%d} {row.source} {row.object_id} {row.field}:\n"
                f"    was: {row.old_value}\n    now: {row.new_value}"
            )


def _last_run_failed(status) -> bool:
    return bool(len(status.runs)) and status.runs.iloc[0]["status"] in ("failed", "partial")
