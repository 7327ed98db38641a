"""`asfetl reports check|template`: the submitted files, checked or started from a template."""

import argparse
import sys
from pathlib import Path


def add_commands(commands: argparse._SubParsersAction) -> None:
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


def cmd_reports_check(args: argparse.Namespace) -> int:
    import duckdb

    from asfetl.errors import AsfetlError, NoWarehouseError
    from asfetl.indicators import reading
    from asfetl.reports.checks import check_file
    from asfetl.reports.cross_values import reading_order
    from asfetl.reports.feedback import finding_line
    from asfetl.reports.identifiers import redact_name
    from asfetl.reports.inbox import printable
    from asfetl.reports.intake import previous_figures
    from asfetl.reports.limits import Budget
    from asfetl.settings import load_settings
    from asfetl.warehouse.publish import working_path

    settings = load_settings()
    # Earlier years' figures, for the tenfold warning, from the private working file (the
    # published one holds no report figures); without it (or the right to read it) none.
    try:
        con = reading.connect_read_only(working_path(settings.warehouse))
    except NoWarehouseError:
        con = None
    except (AsfetlError, duckdb.Error):  # e.g. not this user's to read: the run compares them
        print(f"(earlier figures not compared: cannot read {working_path(settings.warehouse)})",
              file=sys.stderr)  # fmt: skip
        con = None
    rejected = 0
    try:
        for name in args.files:
            path = Path(name)
            shown = printable(redact_name(name))  # a newline in a name stays on its line
            if not path.is_file():
                print(f"{shown}: not a file", file=sys.stderr)
                rejected += 1
                continue
            previous = (lambda orgnrs: previous_figures(con, orgnrs)) if con else None
            check = check_file(
                path.resolve(),  # a link named on the command line is the user's choice
                region=settings.region,
                max_bytes=settings.report_max_bytes,
                previous=previous,
                display_name=path.name,
                budget=Budget.of(settings),
                plan_dir=settings.plan_dir,
            )
            rejected += not check.accepted
            verdict = {"sv": ("GODKÄND", "AVVISAD"), "en": ("ACCEPTED", "REJECTED")}[args.lang]
            print(
                f"{shown}: {verdict[not check.accepted]} — {len(check.rows)} rows, "
                f"{len(check.errors)} errors, {len(check.warnings)} warnings"
            )
            for finding in sorted(check.findings, key=reading_order):
                print(f"  {finding.severity}: {shown}: {finding_line(finding, args.lang)}")
    finally:
        if con is not None:
            con.close()
    return 1 if rejected else 0


def cmd_reports_template(args: argparse.Namespace) -> int:
    from asfetl.reports.kinds import ACTIVITY, ENTERPRISE
    from asfetl.reports.template import write_template
    from asfetl.settings import load_settings

    settings = load_settings()
    kind = ACTIVITY if args.kind == "activity" else ENTERPRISE
    stem = "asf_aktivitetsuppfoljning" if kind == ACTIVITY else "asf_rapportmall"
    out = Path(args.out or f"{stem}_{args.lang}.{args.format}")
    write_template(
        out,
        fmt=args.format,
        lang=args.lang,
        region=settings.region,
        kind=kind,
        plan_dir=settings.plan_dir,
    )
    print(f"Wrote {out}")
    return 0
