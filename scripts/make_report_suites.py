"""Write the submitted reports' GX suites in expectations/ from asfetl/reports/kinds.py."""

import json
from pathlib import Path

from asfetl.reports.suite import all_suites

EXPECTATIONS = Path(__file__).resolve().parent.parent / "expectations"

if __name__ == "__main__":
    for name, suite in all_suites().items():
        path = EXPECTATIONS / f"{name}.json"
        path.write_text(json.dumps(suite, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
        print(f"wrote {path}")
