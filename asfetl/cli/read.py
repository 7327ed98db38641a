"""`asfetl indicators` and `asfetl dashboard`: read the published warehouse, never write it."""

import argparse
import json
import sys
from typing import TYPE_CHECKING

from asfetl import geography
from asfetl.cli import output
from asfetl.errors import AsfetlError

if TYPE_CHECKING:  # the indicators package loads when a command reads the warehouse
    from asfetl.indicators.comparison import Compared


def add_commands(commands: argparse._SubParsersAction) -> None:
    indicators = commands.add_parser(
        "indicators",
        help="print indicator values from the published warehouse",
        description=(
            "Read mart.indicator_values from the published warehouse (read-only). With --area, "
            "the table puts each value beside its county's and Sweden's (or the reason there is "
            "none), with women's and men's values where the publisher splits by sex."
        ),
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
    from asfetl.indicators import comparison, reading
    from asfetl.indicators.disclosure import shown_kind
    from asfetl.settings import load_settings

    settings = load_settings()
    area_code = None
    found_area = None
    if args.area:
        found = found_area = geography.find_area(args.area)
        if found is None:
            raise AsfetlError(
                f"--area {args.area!r} is not an SCB area code or name; try 1880 or Örebro."
            )
        area_code = found.code
    compared = None
    with reading.connect_read_only(settings.warehouse) as con:
        info = reading.build_info(con)
        if args.indicator and args.indicator not in reading.indicator_ids(con):
            known = ", ".join(reading.indicator_ids(con))
            raise AsfetlError(
                f"--indicator {args.indicator!r} is not in the catalogue; known: {known}."
            )
        frame = reading.indicator_values(con, area_code, args.indicator, args.year)
        kinds = reading.disclosure_kinds(con)
        if (
            found_area is not None
            and args.format == "table"
            and comparison.is_published(con, found_area.code)
        ):  # an area outside the run's region is not compared: it has nothing here
            compared = comparison.compare(con, found_area, args.indicator, args.year)
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
        if compared is not None and not compared.rows.empty:
            print(_compared_table(compared, kinds))
            statuses = set(compared.rows["area_status"])
            for status, note in output.STATUS_NOTES.items():
                if status in statuses:
                    print(note)
        elif frame.empty:
            print("No indicator values match.")
        else:
            columns = [
                c
                for c in reading.INDICATOR_COLUMNS
                if c not in ("area_level", "updated_at", "suppression_reason")
                and (c not in output.SPLIT_COLUMNS or frame[c].notna().any())
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


def _compared_table(compared: "Compared", kinds: dict[str, str]) -> str:
    """The area's values with its county's and Sweden's beside them: a value, or why none;
    women's and men's values where the publisher splits by sex."""
    import pandas as pd

    from asfetl.indicators.disclosure import shown_kind

    rows = compared.rows

    def shown(side: str, row: pd.Series) -> str:
        status = row[f"{side}_status"]
        if status == "suppressed":
            kind = shown_kind(kinds.get(row["indicator_id"], "none"), row[f"{side}_reason"])
            return "<5" if kind == "people" else ".."
        if row[f"{side}_note"]:
            return row[f"{side}_note"]
        text = output.format_value(row[f"{side}_value"], status, row["unit"])
        return f"{text} prel." if status == "preliminary" else text

    def split(column: str, row: pd.Series) -> str:
        return output.format_value(row[column], None, row["unit"])

    records = [
        {
            "indicator_id": row["indicator_id"],
            "area_code": compared.area.code,
            "area_name": compared.area.name,
            "year": str(row["year"]),
            # the area's own value; without one, why (its status column holds the reason)
            "value": "" if row["area_note"] else shown("area", row),
            "status": row["area_status"] or row["area_note"],
            "women": split("value_women", row),
            "men": split("value_men", row),
            "county": shown("county", row) if compared.county else "",
            "Sweden": shown("sweden", row) if compared.sweden else "",
            "unit": row["unit"] or "",
        }
        for _, row in rows.iterrows()
    ]
    table = pd.DataFrame(records)
    columns = list(table.columns)
    if not (table["women"].astype(bool) | table["men"].astype(bool)).any():
        columns = [c for c in columns if c not in ("women", "men")]
    if compared.county is None:
        columns.remove("county")
    if compared.sweden is None:
        columns.remove("Sweden")
    return output.table(table, columns, right=["year", "value", "women", "men"])


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
