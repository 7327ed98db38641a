"""`asfetl deploy` and `asfetl serve`: the scheduled deployments of prefect.yaml."""

import argparse


def add_commands(commands: argparse._SubParsersAction) -> None:
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
