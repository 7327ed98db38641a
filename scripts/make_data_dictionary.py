"""Write docs/data_dictionary.md from the mart tables' comments."""

from pathlib import Path

from asfetl.indicators.dictionary import render

TARGET = Path(__file__).resolve().parent.parent / "docs" / "data_dictionary.md"

if __name__ == "__main__":
    TARGET.write_text(render(), encoding="utf-8")
    print(f"wrote {TARGET}")
