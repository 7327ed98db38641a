"""Write docs/enterprise_report.md from asfetl/reports/schema.py."""

from pathlib import Path

from asfetl.reports.docs import render_markdown

TARGET = Path(__file__).resolve().parent.parent / "docs" / "enterprise_report.md"

if __name__ == "__main__":
    TARGET.parent.mkdir(exist_ok=True)
    TARGET.write_text(render_markdown(), encoding="utf-8")
    print(f"wrote {TARGET}")
