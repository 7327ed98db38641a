"""Write the enterprise report GX suites in expectations/ from asfetl/reports/schema.py."""

import json
from pathlib import Path

from asfetl.reports.suite import build_suite, build_warning_suite

EXPECTATIONS = Path(__file__).resolve().parent.parent / "expectations"

if __name__ == "__main__":
    for suite in (build_suite(), build_warning_suite()):
        path = EXPECTATIONS / f"{suite['name']}.json"
        path.write_text(json.dumps(suite, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
