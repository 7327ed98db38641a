"""The SCB and Kolada imitations in a process of their own, for the whole-country scenario.

    python -m benchmarks.imitations [--scb-max-cells N]

Prints one JSON line with both base URLs, then answers commands on stdin: `log` prints every
request seen since the last `reset` as one JSON line; `reset` forgets them; end of input stops.
Keeping the servers out of the measured process keeps their CPU and memory out of its figures.
"""

import argparse
import json
import sys

from tests.imitation import KoladaImitation, ScbImitation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.imitations")
    parser.add_argument("--scb-max-cells", type=int, default=150_000)
    args = parser.parse_args(argv)
    with ScbImitation(max_cells=args.scb_max_cells) as scb, KoladaImitation() as kolada:
        servers = {"scb": scb, "kolada": kolada}
        print(json.dumps({name: s.url for name, s in servers.items()}), flush=True)
        for line in sys.stdin:
            command = line.strip()
            if command == "log":
                log = {
                    name: [
                        {"method": r.method, "path": r.path, "status": r.status, "query": r.query}
                        for r in list(s.requests)
                    ]
                    for name, s in servers.items()
                }
                print(json.dumps(log), flush=True)
            elif command == "reset":
                for s in servers.values():
                    s.reset()
                print("{}", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
