"""`asfetl indicators` and `asfetl dashboard`: read the published warehouse, never write it."""

import argparse
import json
import sys

from asfetl import geography
from asfetl.cli import output
from asfetl.errors import AsfetlError


def add_commands(commands: argparse._SubParsersAction) -> None:
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


def cmd_indicators(args: argparse.Namespace) -> int:
    from asfetl.indicators import reading
    from asfetl.indicators.disclosure import shown_kind
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
        kinds = reading.disclosure_kinds(con)
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
                c
                for c in reading.INDICATOR_COLUMNS
                if c not in ("area_level", "updated_at", "suppression_reason")
            ]
            marks = [  # <5 only for 1–4 people; any other hidden value ..
                shown_kind(kinds.get(i, "none"), reason)
                for i, reason in zip(
                    frame["indicator_id"], frame["suppression_reason"], strict=True
                )
            ]
            shown = frame.assign(disclosure=marks)
            print(output.table(shown, columns))
            for status, note in output.STATUS_NOTES.items():
                if (frame["status"] == status).any():
                    print(note)
    return 0


def cmd_dashboard(args: argparse.Namespace) -> int:
    from pathlib import Path

    from asfetl.dashboard import write_dashboard
    from asfetl.settings import load_settings

    settings = load_settings()
    try:
        out = write_dashboard(settings.warehouse, Path(args.out), lang=args.lang)
    except OSError as exc:
        raise AsfetlError(
            f"--out {args.out} cannot be written ({exc.strerror or exc}); choose a file in a "
            "folder you can write to."
        ) from None
    print(f"Wrote {out}")
    return 0
