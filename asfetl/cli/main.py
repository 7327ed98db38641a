"""The `asfetl` command: a thin layer that reads settings once and calls library functions or flows."""

import argparse
import json
import os
import sys
from collections.abc import Sequence

from asfetl import __version__, geography
from asfetl.cli import output
from asfetl.errors import AsfetlError

# Offline by default: no telemetry from Prefect or GX.
for _name, _value in {
    "DO_NOT_TRACK": "1",
    "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
    "GX_ANALYTICS_ENABLED": "false",
    "TQDM_DISABLE": "1",
}.items():
    os.environ.setdefault(_name, _value)


def cmd_run(args: argparse.Namespace) -> int:
    from asfetl.settings import load_settings

    settings = load_settings()
    settings.ensure_writable()
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


def cmd_indicators(args: argparse.Namespace) -> int:
    from asfetl.indicators import reading
    from asfetl.settings import load_settings

    settings = load_settings()
    area_code = None
    if args.area:
        found = geography.find_area(args.area)
        if found is None:
            raise AsfetlError(
                f"--area {args.area!r} is not an SCB area code or name; try 1880 or Örebro."
            )
        area_code = found.code
    with reading.connect_read_only(settings.warehouse) as con:
        info = reading.build_info(con)
        if args.indicator and args.indicator not in reading.indicator_ids(con):
            known = ", ".join(reading.indicator_ids(con))
            raise AsfetlError(
                f"--indicator {args.indicator!r} is not in the catalogue; known: {known}."
            )
        frame = reading.indicator_values(con, area_code, args.indicator, args.year)
    sample = info is not None and info.is_sample
    if args.format == "json":
        rows = json.loads(frame.to_json(orient="records", date_format="iso", force_ascii=False))
        document = {"data_mode": info.data_mode if info else None, "values": rows}
        print(json.dumps(document, ensure_ascii=False, indent=2))
    elif args.format == "csv":
        if sample:
            print(output.SAMPLE_BANNER, file=sys.stderr)
        sys.stdout.write(frame.to_csv(index=False))
    else:
        if sample:
            print(output.SAMPLE_BANNER)
        if frame.empty:
            print("No indicator values match.")
        else:
            columns = [
                c for c in reading.INDICATOR_COLUMNS if c not in ("area_level", "updated_at")
            ]
            print(output.table(frame, columns))
            for status, note in output.STATUS_NOTES.items():
                if (frame["status"] == status).any():
                    print(note)
    return 0


def cmd_status(args: argparse.Namespace) -> int:
    from asfetl.errors import NoWarehouseError
    from asfetl.indicators import reading
    from asfetl.operations import freshness, runs
    from asfetl.settings import load_settings

    settings = load_settings()
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
    print(f"\nOpen data-quality findings: {len(status.findings)}")
    if len(status.findings):
        print(output.table(status.findings))
    if args.check and (status.stale or _last_run_failed(status)):
        print("asfetl status --check: a source is stale or the last run failed.", file=sys.stderr)
        return 3
    return 0


def _last_run_failed(status) -> bool:
    return bool(len(status.runs)) and status.runs.iloc[0]["status"] in ("failed", "partial")


def cmd_deploy(args: argparse.Namespace) -> int:
    from flows import deployments

    names = deployments.deploy()
    print(
        f"Registered {len(names)} deployments: {', '.join(names)}. Start a worker to run them: "
        "prefect worker start --pool asfetl"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows import deployments

    deployments.serve()
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from pathlib import Path

    from asfetl.dashboard import write_dashboard
    from asfetl.settings import load_settings

    settings = load_settings()
    out = write_dashboard(settings.warehouse, Path(args.out), lang=args.lang)
    print(f"Wrote {out}")
    return 0


def cmd_reports_check(args: argparse.Namespace) -> int:
    from pathlib import Path

    from asfetl.errors import NoWarehouseError
    from asfetl.indicators import reading
    from asfetl.reports.checks import check_file
    from asfetl.reports.feedback import finding_line
    from asfetl.reports.intake import previous_figures
    from asfetl.settings import load_settings

    settings = load_settings()
    try:  # earlier years' figures, for the tenfold warning, if there is a warehouse to ask
        con = reading.connect_read_only(settings.warehouse)
    except NoWarehouseError:
        con = None
    rejected = 0
    try:
        for name in args.files:
            path = Path(name)
            if not path.is_file():
                print(f"{name}: not a file", file=sys.stderr)
                rejected += 1
                continue
            previous = (lambda orgnrs: previous_figures(con, orgnrs)) if con else None
            check = check_file(
                path, region=settings.region, max_bytes=settings.report_max_bytes, previous=previous
            )
            rejected += not check.accepted
            verdict = {"sv": ("GODKÄND", "AVVISAD"), "en": ("ACCEPTED", "REJECTED")}[args.lang]
            print(
                f"{name}: {verdict[not check.accepted]} — {len(check.rows)} rows, "
                f"{len(check.errors)} errors, {len(check.warnings)} warnings"
            )
            for finding in sorted(check.findings, key=lambda f: (f.row or 0, f.column or "")):
                print(f"  {finding.severity}: {name}: {finding_line(finding, args.lang)}")
    finally:
        if con is not None:
            con.close()
    return 1 if rejected else 0


def cmd_reports_template(args: argparse.Namespace) -> int:
    from pathlib import Path

    from asfetl.reports.kinds import ACTIVITY, ENTERPRISE
    from asfetl.reports.template import write_template
    from asfetl.settings import load_settings

    settings = load_settings()
    kind = ACTIVITY if args.kind == "activity" else ENTERPRISE
    stem = "asf_aktivitetsuppfoljning" if kind == ACTIVITY else "asf_rapportmall"
    out = Path(args.out or f"{stem}_{args.lang}.{args.format}")
    write_template(out, fmt=args.format, lang=args.lang, region=settings.region, kind=kind)
    print(f"Wrote {out}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="asfetl",
        description=(
            "Indicators for a Swedish region's action plan for work-integrating social enterprises "
            "(ASF). Settings come from ASFETL_* environment variables or asfetl.toml; see README."
        ),
    )
    parser.add_argument("--version", action="version", version=f"asfetl {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

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

    indicators = commands.add_parser(
        "indicators",
        help="print indicator values from the published warehouse",
        description="Read mart.indicator_values from the published warehouse (read-only).",
    )
    indicators.add_argument("--area", help="SCB area code or name, e.g. 18, 1880 or Hällefors")
    indicators.add_argument("--indicator", help="indicator id, e.g. population")
    indicators.add_argument("--year", type=int, help="only this year")
    indicators.add_argument(
        "--format", choices=["table", "csv", "json"], default="table", help="output format"
    )
    indicators.set_defaults(handler=cmd_indicators)

    status = commands.add_parser(
        "status",
        help="show the last runs, freshness per source and open data-quality findings",
        description="Summarise the published warehouse and the runs since (read-only).",
    )
    status.add_argument("--runs", type=int, default=10, help="how many recent runs to list")
    status.add_argument(
        "--check",
        action="store_true",
        help="for monitoring: exit 3 if a source is stale or the last run failed or was partial",
    )
    status.set_defaults(handler=cmd_status)

    deploy = commands.add_parser(
        "deploy",
        help="register the scheduled deployments (prefect.yaml) with a Prefect server",
        description=(
            "Create the process work pool 'asfetl' if it is missing and register every deployment "
            "of prefect.yaml (schedules in Europe/Stockholm) with the Prefect server in "
            "PREFECT_API_URL. Then start a worker: prefect worker start --pool asfetl."
        ),
    )
    deploy.set_defaults(handler=cmd_deploy)

    serve = commands.add_parser(
        "serve",
        help="run the scheduled deployments from this process (one machine, no worker)",
        description=(
            "Serve the deployments of prefect.yaml from this process, one run at a time, until "
            "interrupted: the one-machine alternative to deploy + worker. Needs a Prefect server "
            "(PREFECT_API_URL) for the schedules."
        ),
    )
    serve.set_defaults(handler=cmd_serve)

    dashboard = commands.add_parser(
        "dashboard",
        help="write the dashboard: one self-contained HTML file (works offline)",
        description=(
            "Write the dashboard from the published warehouse (read-only): every plan goal's "
            "indicators as charts with table fallbacks, plan progress, activities, freshness "
            "and validation. One HTML file with everything inline, Swedish and English."
        ),
    )
    dashboard.add_argument(
        "--out", default="asf_dashboard.html", help="file to write (default: asf_dashboard.html)"
    )
    dashboard.add_argument(
        "--lang", choices=["sv", "en"], default="sv", help="language shown first (both included)"
    )
    dashboard.set_defaults(handler=cmd_dashboard)

    reports = commands.add_parser(
        "reports",
        help="submitted report files: check them, or write a blank template",
        description=(
            "Tools for the files submitted to the inbox: the enterprises' yearly reports and the "
            "follow-up of the plan's activities (the header row tells which a file is)."
        ),
    )
    report_commands = reports.add_subparsers(
        dest="reports_command", required=True, metavar="COMMAND"
    )
    check = report_commands.add_parser(
        "check",
        help="validate report files without loading them",
        description=(
            "Check report files (CSV, XLSX or JSON) exactly as the pipeline would, without loading "
            "anything. Prints every finding: file, row, column, rule and message. Exit 1 if any "
            "file would be rejected."
        ),
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="report files to check")
    check.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of messages")
    check.set_defaults(handler=cmd_reports_check)
    template = report_commands.add_parser(
        "template",
        help="write a blank report template",
        description=(
            "Write a blank report template with the canonical headers; the xlsx has an "
            "instructions sheet and data validation."
        ),
    )
    template.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")
    template.add_argument(
        "--kind",
        choices=["enterprise", "activity"],
        default="enterprise",
        help="the enterprises' yearly report (default) or the follow-up of the plan's activities",
    )
    template.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of texts")
    template.add_argument(
        "--out",
        help="file to write (default: asf_rapportmall_<lang>.<format>, for --kind activity "
        "asf_aktivitetsuppfoljning_<lang>.<format>)",
    )
    template.set_defaults(handler=cmd_reports_template)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return args.handler(args)
    except AsfetlError as exc:
        print(f"asfetl: {exc}", file=sys.stderr)
        return 2 if type(exc).__name__ == "SettingsError" else 1
    except KeyboardInterrupt:
        print("asfetl: interrupted; the published warehouse is unchanged.", file=sys.stderr)
        return 130


if __name__ == "__main__":
    sys.exit(main())
