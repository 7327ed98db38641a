"""`asfetl plan template|check`: a region's own plan folder, started blank or checked."""

import argparse
import sys
from pathlib import Path


def add_commands(commands: argparse._SubParsersAction) -> None:
    plan = commands.add_parser(
        "plan",
        help="the region's own action plan: write a blank plan folder, or check one",
        description=(
            "The action plan (sub-goals, activities, targets) is a folder of three CSV files; "
            "ASFETL_PLAN_DIR names it (default: the EXAMPLE plan shipped with asfetl). "
            "See docs/plan.md."
        ),
    )
    plan_commands = plan.add_subparsers(dest="plan_command", required=True, metavar="COMMAND")
    template = plan_commands.add_parser(
        "template",
        help="write a blank plan folder",
        description=(
            "Write plan_subgoals.csv, plan_activities.csv and plan_targets.csv with their header "
            "rows, and a README.md (Swedish and English) explaining every column."
        ),
    )
    template.add_argument("--out", default="plan", help="folder to write (default: plan)")
    template.set_defaults(handler=cmd_plan_template)
    check = plan_commands.add_parser(
        "check",
        help="check a plan folder",
        description=(
            "Check a plan folder as a run would use it: files, columns, values, unique ids, "
            "sub-goals, indicator ids, area codes, years within the plan's period. Prints every "
            "finding (file, row, column, rule, message). Exit 1 if there are errors."
        ),
    )
    check.add_argument("folder", metavar="DIR", help="the plan folder")
    check.add_argument("--lang", choices=["sv", "en"], default="sv", help="language of messages")
    check.set_defaults(handler=cmd_plan_check)


def cmd_plan_template(args: argparse.Namespace) -> int:
    from asfetl.plan.template import write_template

    out = Path(args.out)
    for path in write_template(out):
        print(f"Wrote {path}")
    print(f"Fill them in, then: asfetl plan check {out}")
    return 0


def cmd_plan_check(args: argparse.Namespace) -> int:
    from asfetl.plan.check import check_plan
    from asfetl.plan.messages import finding_line
    from asfetl.settings import load_settings

    folder = Path(args.folder)
    if not folder.is_dir():
        print(f"{args.folder}: not a folder", file=sys.stderr)
        return 1
    check = check_plan(folder, region=load_settings().region)
    ordered = sorted(check.findings, key=lambda f: (f.file, f.row or 0, f.column or "", f.severity))
    for finding in ordered:
        print(finding_line(finding, args.lang))
    verdict = "OK" if not check.errors else "ERRORS" if args.lang == "en" else "FEL"
    print(f"{verdict}: {folder}: {check.summary(args.lang)}")
    return 1 if check.errors else 0
