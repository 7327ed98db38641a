"""`asfetl deploy` and `asfetl serve`: the scheduled deployments of prefect.yaml."""

import argparse
from pathlib import Path


def add_commands(commands: argparse._SubParsersAction) -> None:
    deploy = commands.add_parser(
        "deploy",
        help="register the scheduled deployments (prefect.yaml) with a Prefect server",
        description=(
            "Create the process work pool 'asfetl' if it is missing and register every deployment "
            "of prefect.yaml (schedules in Europe/Stockholm) with the Prefect server in "
            "PREFECT_API_URL. Then start a worker: prefect worker start --pool asfetl. "
            "With --region (repeatable), register them once per region instead, each region "
            "with its own warehouse, inbox and plan under --regions-dir and its own work queue "
            "that runs one of its runs at a time."
        ),
    )
    deploy.add_argument(
        "--region",
        action="append",
        metavar="CODE",
        help="a county code or name (18, 'Örebro län'); repeat for several regions",
    )
    deploy.add_argument(
        "--regions-dir",
        type=Path,
        metavar="DIR",
        help="the folder holding one folder per region (default warehouse/regions in the "
        "checkout): <DIR>/<code>/asf.duckdb, inbox/ and, if present, plan/",
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


def cmd_deploy(args: argparse.Namespace) -> int:
    from asfetl.errors import SettingsError
    from flows import deployments, regions

    if args.regions_dir and not args.region:
        raise SettingsError(
            "--regions-dir needs at least one --region, e.g. asfetl deploy --region 18 --region 12."
        )
    codes = list(dict.fromkeys(regions.region_code(r) for r in args.region or []))
    names = deployments.deploy(codes, args.regions_dir)
    print(
        f"Registered {len(names)} deployments: {', '.join(names)}. Start a worker to run them: "
        "prefect worker start --pool asfetl"
    )
    return 0


def cmd_serve(args: argparse.Namespace) -> int:
    from flows import deployments

    deployments.serve()
    return 0
