"""Write docs/enterprise_report.md from asfetl/reports/schema.py (run after changing the schema)."""

import sys
from pathlib import Path

from asfetl.reports.docs import render_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "enterprise_report.md"


def main(argv: list[str]) -> int:
    """Write the file; with --check only report whether it is up to date (exit 1 if not)."""
    text = render_markdown()
    if "--check" in argv:
        current = TARGET.read_text(encoding="utf-8") if TARGET.exists() else None
        print(f"{TARGET} is {'up to date' if current == text else 'out of date'}")
        return 0 if current == text else 1
    TARGET.parent.mkdir(exist_ok=True)
    # newline="" keeps '\n' on Windows too, so the committed file compares equal everywhere.
    with TARGET.open("w", encoding="utf-8", newline="") as f:
        f.write(text)
    print(f"wrote {TARGET}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
