"""Serve the SCB and Kolada imitations until Ctrl-C.

    .venv/bin/python -m tests.imitation --scb-port 8081 --kolada-port 8082

Then point the project at them, e.g. ASFETL_SCB_BASE_URL=http://127.0.0.1:8081/api/v2.
"""

from __future__ import annotations

import argparse
import signal
import threading

from .kolada import KoladaImitation
from .scb import ScbImitation


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.imitation",
        description="Local imitations of SCB PxWebApi 2.0 and Kolada v3 (synthetic data).",
    )
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--scb-port", type=int, default=8081, help="0 picks a free port")
    parser.add_argument("--kolada-port", type=int, default=8082, help="0 picks a free port")
    parser.add_argument("--scb-max-cells", type=int, default=150_000)
    parser.add_argument("--scb-max-calls", type=int, default=30)
    parser.add_argument("--scb-time-window", type=float, default=10)
    parser.add_argument("--kolada-max-calls", type=int, default=5)
    parser.add_argument("--kolada-time-window", type=float, default=1.0)
    parser.add_argument("--kolada-legacy-paging", action="store_true")
    parser.add_argument("--no-rate-limit", action="store_true", help="turn both rate limiters off")
    args = parser.parse_args(argv)

    scb = ScbImitation(
        max_cells=args.scb_max_cells,
        max_calls=None if args.no_rate_limit else args.scb_max_calls,
        time_window=args.scb_time_window,
        host=args.host,
        port=args.scb_port,
    )
    kolada = KoladaImitation(
        max_calls=None if args.no_rate_limit else args.kolada_max_calls,
        time_window=args.kolada_time_window,
        legacy_paging=args.kolada_legacy_paging,
        host=args.host,
        port=args.kolada_port,
    )
    stop = threading.Event()
    # Ctrl-C and SIGTERM only set the event: a KeyboardInterrupt raised at an arbitrary point
    # (inside a print, or a lock's wait) could leave the servers half shut down.
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    with scb, kolada:
        print(f"SCB imitation:    {scb.url}", flush=True)
        print(f"Kolada imitation: {kolada.url}", flush=True)
        print("Ctrl-C to stop.", flush=True)
        while not stop.wait(0.5):
            pass
    print("Stopped.", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
