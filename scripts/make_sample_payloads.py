"""Write the sample payloads shipped in asfetl/sample_data (run by hand, as
`python scripts/make_sample_payloads.py`; the output is committed): SCB's population
(scripts/sample_population.py) and Kolada's KPIs (scripts/sample_kolada.py). Kolada's sample has
the same areas as SCB's (Sweden as 0000), each KPI as its recorded type allows.
"""

import json
from pathlib import Path

from sample_kolada import kolada_metadata_payload, kolada_payload
from sample_population import payload, payload_tab5557


def write(name: str, document: dict) -> None:
    out = Path(__file__).resolve().parent.parent / "asfetl/sample_data" / name
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {out}")


if __name__ == "__main__":
    write("scb/TAB638_population.json", payload())
    write("scb/TAB5557_population.json", payload_tab5557())
    write("kolada/kpi_values.json", kolada_payload())
    write("kolada/kpi_metadata.json", kolada_metadata_payload())
