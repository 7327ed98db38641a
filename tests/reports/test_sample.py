"""The sample report generator: deterministic, valid, clearly synthetic, in every file variant."""

import collections
import csv
import hashlib
import io
import itertools
import json
import re

import openpyxl
import pytest

from asfetl import geography
from asfetl.reports.checks import check_file
from asfetl.reports.sample import sample_enterprises, sample_rows, write_sample_reports
from asfetl.reports.schema import COLUMNS, CROSS_RULES, LEGAL_FORMS, canonical_header

FIRST_DIGIT = {"ekonomisk_forening": "7", "ideell_forening": "8", "stiftelse": "8",
               "aktiebolag": "5", "annan": "9"}  # fmt: skip
TRADES = ("kafé", "städ", "flytt", "fastighet", "second hand", "catering", "snickeri", "tvätt",
          "trädgård", "återbruk", "cykel")  # fmt: skip


def luhn_ok(digits: str) -> bool:
    """Written here, not imported: the test should not trust the code it checks."""
    total = 0
    for i, ch in enumerate(digits[:9]):
        product = int(ch) * (2 if i % 2 == 0 else 1)
        total += product // 10 + product % 10
    return (10 - total % 10) % 10 == int(digits[9])


def digests(paths):
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def xlsx_values(path):
    return [
        [c.value for c in row] for row in openpyxl.load_workbook(path).worksheets[0].iter_rows()
    ]


def header_of(path) -> list[str]:
    raw = path.read_bytes()
    if path.suffix == ".json":
        return list(json.loads(raw.decode("utf-8"))[0])
    if path.suffix == ".xlsx":
        return xlsx_values(path)[0]
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("cp1252")
    return next(csv.reader(io.StringIO(text), delimiter=";" if ";" in text[:400] else ","))


def test_same_arguments_give_the_same_files(tmp_path):
    first = write_sample_reports(tmp_path / "a", files=8)
    second = write_sample_reports(tmp_path / "b", files=8)
    assert [p.name for p in first] == [p.name for p in second]
    assert digests(first) == digests(second)  # xlsx too: its save time is fixed
    for a, b in zip(first, second, strict=True):
        if a.suffix == ".xlsx":
            assert xlsx_values(a) == xlsx_values(b)
    assert digests(write_sample_reports(tmp_path / "c", files=8, seed=1)) != digests(first)
    assert sample_enterprises(10, seed=3) == sample_enterprises(10, seed=3)
    assert sample_enterprises(10, seed=3) != sample_enterprises(10, seed=4)


def test_any_number_of_enterprises_years_and_files(tmp_path):
    paths = write_sample_reports(tmp_path / "five", enterprises=7, years=(2023, 2024), files=5)
    assert len(paths) == 5
    rows = sum(len(check_file(p, region="18", max_bytes=10**7).rows) for p in paths)
    assert rows == 7 * 2
    each = write_sample_reports(tmp_path / "each", enterprises=3, years=(2023, 2024))
    assert len(each) == 3 * 2
    enterprises = sample_enterprises(3)
    assert {p.stem for p in each} == {
        f"rapport_{year}_{e.orgnr}" for e in enterprises for year in (2023, 2024)
    }
    for path in [*paths, *each]:
        assert re.fullmatch(r"[A-Za-z0-9_.-]+", path.name), path.name
    assert [p.suffix for p in write_sample_reports(tmp_path / "j", formats=("json",), files=3)] == [
        ".json"
    ] * 3
    with pytest.raises(ValueError, match="formats"):
        write_sample_reports(tmp_path / "x", formats=("ods",))
    with pytest.raises(ValueError, match="files"):
        write_sample_reports(tmp_path / "x", files=0)
    assert write_sample_reports(tmp_path / "none", enterprises=0, files=3) == []
    assert len(write_sample_reports(tmp_path / "few", enterprises=2, years=[2024], files=5)) == 2


def test_enterprises_are_valid_unique_and_clearly_synthetic():
    enterprises = sample_enterprises(300, seed=7)
    assert len({e.orgnr for e in enterprises}) == 300
    assert len({e.name for e in enterprises}) == 300
    for e in enterprises:
        digits = e.orgnr.replace("-", "")
        assert re.fullmatch(r"[0-9]{6}-[0-9]{4}", e.orgnr) and luhn_ok(digits), e.orgnr
        assert int(digits[2]) >= 2 and digits[0] == FIRST_DIGIT[e.legal_form]
        assert "EXEMPEL" in e.name and any(trade in e.name.casefold() for trade in TRADES)
        assert e.legal_form in LEGAL_FORMS
    shares = collections.Counter(e.legal_form for e in enterprises)
    assert abs(shares["ekonomisk_forening"] / 300 - 0.64) < 0.02
    assert abs(shares["ideell_forening"] / 300 - 0.24) < 0.02
    assert abs(shares["aktiebolag"] / 300 - 0.11) < 0.02
    assert 0 < shares["stiftelse"] + shares["annan"] <= 0.02 * 300


@pytest.mark.parametrize("count", [24, 25, 40, 60])
def test_municipalities_have_small_cells_and_the_county_seat_the_most(count):
    enterprises = sample_enterprises(count, seed=count)
    per_municipality = collections.Counter(e.municipality for e in enterprises)
    assert set(per_municipality) <= {m.code for m in geography.municipalities("18")}
    assert 1 in per_municipality.values() and 2 in per_municipality.values()
    seat = per_municipality.pop("1880")
    assert seat > max(per_municipality.values())
    if count <= 25:
        assert max(per_municipality.values()) <= 5  # a handful at most


def test_other_regions_use_their_own_municipalities(tmp_path):
    enterprises = sample_enterprises(30, region="01")
    codes = {m.code for m in geography.municipalities("01")}
    assert {e.municipality for e in enterprises} <= codes
    per_municipality = collections.Counter(e.municipality for e in enterprises)
    assert max(per_municipality, key=per_municipality.get) == "0180"  # Stockholm
    for path in write_sample_reports(tmp_path, enterprises=6, region="01", files=4):
        check = check_file(path, region="01", max_bytes=10**7)
        assert check.accepted, (path.name, check.findings)


def test_rows_obey_every_rule_and_are_plausible():
    enterprises = sample_enterprises(60, seed=2)
    years = range(2019, 2025)
    rows = sample_rows(enterprises, years, seed=2)
    assert len(rows) == 60 * 6
    assert {(r["organisationsnummer"], r["rapportar"]) for r in rows} == {
        (e.orgnr, y) for e in enterprises for y in years
    }
    for row in rows:
        assert set(row) == {c.name for c in COLUMNS}
        for rule in CROSS_RULES:
            assert sum(row[c] for c in rule.left) <= sum(row[c] for c in rule.right), rule.rule
        assert 2 <= row["anstallda_totalt"] <= 40 and 0 <= row["deltagare"] <= 40
        assert 0.3e6 <= row["omsattning_sek"] <= 25e6 and row["forsaljning_sek"] >= 0
        assert 0 <= row["reserverade_avtal"] <= row["offentliga_avtal"] <= 8
        assert all(isinstance(row[c.name], int) for c in COLUMNS if c.kind == "integer")
    assert any(isinstance(r["omsattning_sek"], float) for r in rows)  # öre, sometimes
    assert any(isinstance(r["omsattning_sek"], int) for r in rows)
    target_share = sum(r["anstallda_malgrupp"] for r in rows) / sum(
        r["anstallda_totalt"] for r in rows
    )
    assert 0.4 <= target_share <= 0.8
    sales_share = sum(r["forsaljning_sek"] for r in rows) / sum(r["omsattning_sek"] for r in rows)
    assert 0.4 <= sales_share <= 0.9


def test_year_to_year_changes_are_modest():
    rows = sample_rows(sample_enterprises(40, seed=5), range(2018, 2025), seed=5)
    by_enterprise = collections.defaultdict(list)
    for row in rows:
        by_enterprise[row["organisationsnummer"]].append(row)
    for history in by_enterprise.values():
        for before, after in itertools.pairwise(history):
            assert after["rapportar"] == before["rapportar"] + 1
            for name in ("anstallda_totalt", "deltagare", "offentliga_avtal"):
                assert abs(after[name] - before[name]) <= max(1, 0.25 * before[name]), name
            ratio = after["omsattning_sek"] / before["omsattning_sek"]
            assert 0.75 <= ratio <= 1.25


def test_every_file_variant_occurs_and_is_accepted_as_is(tmp_path):
    paths = write_sample_reports(tmp_path, files=16)
    seen = set()
    for path in paths:
        check = check_file(path, region="18", max_bytes=10**7)
        assert check.accepted, (path.name, check.findings)
        seen.add((check.file_format, check.details.get("encoding"), check.details.get("delimiter")))
    assert {("csv", "cp1252", ";"), ("csv", "utf-8-sig", ",")} <= seen
    assert {"xlsx", "json"} <= {kind for kind, _, _ in seen}

    swedish = [p for p in paths if p.suffix == ".csv" and not p.read_bytes().startswith(b"\xef")]
    raw = b"".join(p.read_bytes() for p in swedish)
    assert b"\xa0" in raw and re.search(rb"[0-9] [0-9]{3}", raw)  # both thousands separators
    assert re.search(rb";[0-9 \xa0]+,[0-9]{2}[;\r]", raw)  # a decimal comma
    for path in swedish:
        content = path.read_bytes()
        assert any(ch in content.decode("cp1252") for ch in "åäöÅÄÖ")
        with pytest.raises(UnicodeDecodeError):
            content.decode("utf-8")
    utf8 = [p for p in paths if p.read_bytes().startswith(b"\xef\xbb\xbf")]
    text = "".join(p.read_text(encoding="utf-8-sig") for p in utf8)
    assert re.search(r",[0-9]+\.[0-9]{1,2}[,\r]", text)  # a decimal point, no grouping

    employees = [c.name for c in COLUMNS].index("anstallda_totalt")
    cells = [row[employees] for p in paths if p.suffix == ".xlsx" for row in xlsx_values(p)[1:]]
    assert {type(v) for v in cells} == {int, str}  # some numbers stored as text
    document = json.loads(next(p for p in paths if p.suffix == ".json").read_text("utf-8"))
    assert isinstance(document, list) and all(isinstance(item, dict) for item in document)


def test_headers_vary_and_all_map_to_the_canonical_columns(tmp_path):
    names = [c.name for c in COLUMNS]
    aliases = [c.alias for c in COLUMNS]
    headers = [header_of(p) for p in write_sample_reports(tmp_path, files=16)]
    for header in headers:
        assert [canonical_header(h) for h in header] == names, header
    assert sum(header == names for header in headers) >= len(headers) / 2  # mostly canonical
    assert aliases in headers
    odd = [h for h in headers if h not in (names, aliases)]
    assert odd and any("Rapportår" in h for h in odd[0])
    assert any(re.fullmatch(r"[A-Z][a-z]+(-[A-Z][a-z]+)+", h) for h in odd[0])  # 'Employees-Total'
