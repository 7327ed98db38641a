"""The sample report generator: deterministic, valid, clearly synthetic, in every file variant."""

import collections
import hashlib

from asfetl.reports.checks import check_file
from asfetl.reports.identifiers import orgnr_problem
from asfetl.reports.sample import sample_enterprises, sample_rows, write_sample_reports
from asfetl.reports.schema import CROSS_RULES


def digests(paths):
    return [hashlib.sha256(p.read_bytes()).hexdigest() for p in paths]


def test_same_arguments_give_the_same_bytes(tmp_path):
    first = write_sample_reports(tmp_path / "a", files=8)
    second = write_sample_reports(tmp_path / "b", files=8)
    assert [p.name for p in first] == [p.name for p in second]
    assert digests(first) == digests(second)
    assert digests(write_sample_reports(tmp_path / "c", files=8, seed=1)) != digests(first)


def test_any_number_of_enterprises_years_and_files(tmp_path):
    paths = write_sample_reports(tmp_path, enterprises=7, years=(2023, 2024), files=5)
    assert len(paths) == 5
    one_each = write_sample_reports(tmp_path / "each", enterprises=3, years=(2024,))
    assert len(one_each) == 3


def test_rows_obey_every_rule_and_are_clearly_synthetic():
    enterprises = sample_enterprises(40)
    rows = sample_rows(enterprises, range(2020, 2025))
    assert len(rows) == 40 * 5
    assert len({e.orgnr for e in enterprises}) == 40
    for row in rows:
        assert orgnr_problem(row["organisationsnummer"]) is None
        assert "EXEMPEL" in row["foretagsnamn"]
        for rule in CROSS_RULES:
            assert sum(row[c] for c in rule.left) <= sum(row[c] for c in rule.right), rule.rule
    per_municipality = collections.Counter(e.municipality for e in sample_enterprises(24))
    assert 1 in per_municipality.values() and 2 in per_municipality.values()
    assert max(per_municipality, key=per_municipality.get) == "1880"


def test_every_file_variant_is_accepted_as_is(tmp_path):
    paths = write_sample_reports(tmp_path, files=8)
    seen = set()
    for path in paths:
        check = check_file(path, region="18", max_bytes=10**7)
        assert check.accepted, (path.name, check.findings)
        seen.add((check.file_format, check.details.get("encoding"), check.details.get("delimiter")))
    assert ("csv", "cp1252", ";") in seen
    assert ("csv", "utf-8-sig", ",") in seen
    assert {"xlsx", "json"} <= {kind for kind, _, _ in seen}
    swedish = next(p for p in paths if p.suffix == ".csv" and b";" in p.read_bytes()[:300])
    raw = swedish.read_bytes()
    assert b"\xe4" in raw or b"\xf6" in raw or b"\xe5" in raw  # å/ä/ö in Windows-1252
