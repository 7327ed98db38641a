"""Write docs/enterprise_report.md and docs/activity_report.md from the report schemas (run after
changing a schema)."""

import sys
from pathlib import Path

from asfetl.reports import activity_docs, docs

DOCS = Path(__file__).resolve().parent.parent / "docs"
TARGETS = {
    DOCS / "enterprise_report.md": docs.render_markdown,
    DOCS / "activity_report.md": activity_docs.render_markdown,
}


def main(argv: list[str]) -> int:
    """Write the files; with --check only report whether they are up to date (exit 1 if not)."""
    stale = 0
    for target, render in TARGETS.items():
        text = render()
        if "--check" in argv:
            current = target.read_text(encoding="utf-8") if target.exists() else None
            print(f"{target} is {'up to date' if current == text else 'out of date'}")
            stale += current != text
            continue
        target.parent.mkdir(exist_ok=True)
        # newline="" keeps '\n' on Windows too, so the committed file compares equal everywhere.
        with target.open("w", encoding="utf-8", newline="") as f:
            f.write(text)
        print(f"wrote {target}")
    return 1 if stale else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
