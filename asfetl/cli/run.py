"""`asfetl run`: the whole pipeline once, as the Prefect flow in local mode."""

import argparse
import sys

from asfetl.cli import output


def add_commands(commands: argparse._SubParsersAction) -> None:
    run = commands.add_parser(
        "run",
        help="run the whole pipeline once and publish the warehouse",
        description=(
            "Extract, validate, load, transform and publish, as the Prefect flow asf_pipeline in "
            "local mode (no server needed). The published warehouse is replaced only when every "
            "step succeeded. Exit 0 on success, 1 if the run failed or some data failed validation, "
            "2 on a configuration error."
        ),
    )
    run.add_argument(
        "--sample",
        action="store_true",
        help="use the sample data shipped with asfetl instead of the live APIs (no network)",
    )
    run.set_defaults(handler=cmd_run)


def cmd_run(args: argparse.Namespace) -> int:
    from asfetl.settings import load_settings

    settings = load_settings()
    settings.ensure_writable()
    from asfetl.plan.check import require_valid

    # a plan with errors stops here, before Prefect starts; the run logs its warnings
    require_valid(settings.plan_dir, warn=False)
    from flows.local_server import local_server_starting  # Prefect is slow to import: only here

    with local_server_starting():  # while Prefect's temporary server starts, load the rest
        from asfetl.validation import preload
        from flows.asf_pipeline import asf_pipeline

        preload()

    # By hand, report an unreachable source at once (the HTTP client has already retried for
    # ASFETL_HTTP_GIVE_UP_AFTER); scheduled runs retry later (ASFETL_EXTRACT_RETRIES).
    run = asf_pipeline(sample=args.sample, network_retries=0, settings=settings)
    counts = run["step_counts"]
    extract, reports = counts.get("extract", {}), counts.get("reports", {})
    print(
        f"Run {run['run_id']} {run['status']}: {extract.get('payloads', 0)} payloads "
        f"({extract.get('unchanged', 0)} unchanged), "
        f"{sum(counts.get('load', {}).values())} rows loaded, "
        f"{counts.get('published', {}).get('indicator_values', 0)} indicator values; "
        f"published {settings.warehouse}."
    )
    print(
        f"Report files: {reports.get('accepted', 0)} accepted ({reports.get('rows', 0)} rows, "
        f"{reports.get('activity_rows', 0)} of them activity follow-ups, "
        f"{reports.get('superseded', 0)} superseding earlier reports), "
        f"{reports.get('rejected', 0)} rejected, {reports.get('duplicate', 0)} already received, "
        f"{reports.get('deferred', 0)} still being written; {reports.get('warnings', 0)} warnings."
    )
    if args.sample:
        print(output.SAMPLE_BANNER)
    if run["status"] == "partial":
        print(
            "Some datasets failed validation and kept their previous data; "
            "`asfetl status` lists the findings.",
            file=sys.stderr,
        )
        return 1
    return 0
