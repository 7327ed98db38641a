"""Whole-file checks of enterprise reports: every finding, in the submitter's terms."""

import pytest

from asfetl.reports.checks import check_file
from asfetl.reports.cross_values import reading_order
from asfetl.reports.feedback import render
from tests.reports.report_files import personnummer, valid_rows, write_csv, write_json

MB = 1024 * 1024


def check(path, **kwargs):
    return check_file(path, region="18", max_bytes=kwargs.pop("max_bytes", 20 * MB), **kwargs)


def test_a_valid_file_is_accepted_with_typed_rows(tmp_path):
    result = check(write_csv(tmp_path / "ok.csv", valid_rows(3)))
    assert result.accepted and result.findings == []
    assert len(result.rows) == 3 and list(result.rows["row_id"]) == [2, 3, 4]
    assert str(result.rows["anstallda_totalt"].dtype) == "Int64"
    assert result.file_format == "csv" and len(result.sha256) == 64


def test_cross_rule_names_row_column_rule_and_both_languages(tmp_path):
    rows = valid_rows(3)
    rows[1]["anstallda_totalt"], rows[1]["anstallda_malgrupp"] = 5, 9
    result = check(write_csv(tmp_path / "r.csv", rows))
    assert not result.accepted
    (finding,) = result.findings
    assert (finding.row, finding.column, finding.rule) == (
        3, "anstallda_malgrupp", "target_group_within_employees"
    )  # fmt: skip
    assert finding.value == "9 > 5"  # which is which: the message names each value
    assert finding.message_sv == (
        "anställda i målgruppen 9 är fler än anställda totalt 5: "
        "anställda i målgruppen får inte vara fler än anställda totalt"
    )
    assert finding.message.startswith("employees in the target group 9 is more than employees, ")
    assert "cannot exceed" in finding.message


def test_a_negative_figure_comes_before_the_rule_it_breaks_and_sums_are_named(tmp_path):
    rows = valid_rows(2)
    rows[0].update(anstallda_totalt=-3, anstallda_malgrupp=10)
    rows[1].update(overgang_arbete=4, overgang_studier=3, deltagare=2, anstallda_malgrupp=1)
    rows[1].update(forsaljning_sek=5_000_000.5, omsattning_sek=4_500_000)
    result = check(write_csv(tmp_path / "r.csv", rows))
    lines = render(result, "r.csv").split("\n")
    shown = [(f.row, f.rule) for f in sorted(result.findings, key=reading_order)]
    assert shown == [
        (2, "anstallda_totalt_not_negative"),  # the cause first
        (2, "target_group_within_employees"),  # then what follows from it
        (3, "transitions_within_people"),
        (3, "sales_within_turnover"),
    ]
    assert [i for i, line in enumerate(lines) if "[anstallda_totalt_not_negative]" in line] < [
        i for i, line in enumerate(lines) if "[target_group_within_employees]" in line
    ]
    by_rule = {f.rule: f for f in result.findings}
    assert by_rule["target_group_within_employees"].message_sv.startswith(
        "anställda i målgruppen 10 är fler än anställda totalt \u22123:"
    )
    assert by_rule["transitions_within_people"].message_sv.startswith(
        "övergång till arbete 4 + övergång till studier 3 är fler än "
        "deltagare 2 + anställda i målgruppen 1:"
    )
    assert by_rule["sales_within_turnover"].message_sv.startswith(
        "försäljning (kr) 5 000 000,5 är större än omsättning (kr) 4 500 000:"
    )
    assert by_rule["sales_within_turnover"].value == "5 000 000,5 > 4 500 000"


def test_orgnr_checksum_and_personal_number_form_are_caught(tmp_path):
    rows = valid_rows(3)
    good = rows[0]["organisationsnummer"]
    rows[0]["organisationsnummer"] = good[:-1] + str((int(good[-1]) + 1) % 10)
    rows[2]["organisationsnummer"] = "551212-1234"  # third digit 1: a birth date, not a company
    result = check(write_json(tmp_path / "r.json", rows))
    rules = {(f.row, f.rule) for f in result.findings}
    assert (1, "orgnr_checksum") in rules and (3, "orgnr_not_legal_entity") in rules
    assert not result.accepted


def test_a_personnummer_rejects_the_file_and_never_appears(tmp_path):
    pnr = personnummer()
    rows = valid_rows(2)
    rows[1]["foretagsnamn"] = f"Kontakt {pnr}"
    result = check(write_csv(tmp_path / "p.csv", rows))
    assert not result.accepted and result.has_personnummer
    (finding,) = [f for f in result.findings if f.rule == "personnummer_found"]
    assert (finding.row, finding.column) == (3, "foretagsnamn")
    everything = repr(result.findings) + render(result, "p.csv")
    assert pnr not in everything and pnr.replace("-", "") not in everything


def test_a_personnummer_outside_the_columns_is_found_too(tmp_path):
    path = write_csv(tmp_path / "p.csv", valid_rows(1))
    with path.open("a", encoding="utf-8") as f:
        f.write(
            f"\n;;;;;;;;;;;;;;;kontaktperson {personnummer('19811218', '987').replace('-', '')}\n"
        )
    result = check(path)
    assert any(f.rule == "personnummer_found" for f in result.findings)


@pytest.mark.parametrize(
    ("change", "rule"),
    [
        ({"kommunkod": "0180"}, "municipality_in_region"),
        ({"juridisk_form": "kommunalt bolag"}, "legal_form_known"),
        ({"rapportar": 1999}, "report_year_in_range"),
        ({"deltagare": -1}, "deltagare_not_negative"),
        ({"forsaljning_sek": 10_000_000_000}, "sales_within_turnover"),
    ],
)
def test_column_rules(tmp_path, change, rule):
    rows = valid_rows(2)
    rows[0].update(change)
    result = check(write_csv(tmp_path / "c.csv", rows))
    assert rule in {f.rule for f in result.findings}
    assert all(f.row == 2 for f in result.findings if f.rule == rule)


def test_the_same_enterprise_and_year_twice_in_one_file(tmp_path):
    rows = valid_rows(2)
    result = check(write_csv(tmp_path / "d.csv", [*rows, rows[0]]))
    assert {(f.row, f.rule) for f in result.findings} == {
        (2, "one_report_per_enterprise_and_year"),
        (4, "one_report_per_enterprise_and_year"),
    }


def test_tenfold_change_is_a_warning_that_still_accepts(tmp_path):
    rows = valid_rows(1, years=(2023, 2024))
    rows[1]["omsattning_sek"] = rows[0]["omsattning_sek"] * 20
    rows[1]["forsaljning_sek"] = rows[0]["forsaljning_sek"]
    result = check(write_csv(tmp_path / "w.csv", rows))
    assert result.accepted
    (warning,) = result.warnings
    assert (warning.row, warning.column, warning.rule) == (3, "omsattning_sek", "tenfold_change")


@pytest.mark.parametrize(
    ("content", "rule"),
    [(b"", "file_empty"), (b"\x00\x01\x02\xff\xfe garbage \x00" * 50, "file_unreadable")],
)
def test_empty_and_garbage_files_are_rejected_with_a_reason(tmp_path, content, rule):
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    result = check(path)
    assert not result.accepted and rule in {f.rule for f in result.findings}


def test_a_file_over_the_size_limit_is_rejected_unread(tmp_path):
    path = write_csv(tmp_path / "big.csv", valid_rows(3))
    result = check(path, max_bytes=100)
    assert [f.rule for f in result.findings] == ["file_too_large"]


def test_feedback_report_is_swedish_then_english_with_every_finding(tmp_path):
    rows = valid_rows(3)
    rows[1]["anstallda_totalt"], rows[1]["anstallda_malgrupp"] = 5, 9
    rows[2]["kommunkod"] = "0180"
    result = check(write_csv(tmp_path / "r.csv", rows))
    text = render(result, "r.csv")
    swedish, english = text.split("-" * 72)
    assert (
        "AVVISAD" in swedish
        and "Rad 3, kolumn anstallda_malgrupp (Anställda i målgruppen)" in swedish
    )
    assert "Rad 4, kolumn kommunkod" in swedish and "(värde: 0180)" in swedish
    assert (
        "REJECTED" in english
        and "Row 3, column anstallda_malgrupp (Employees in the target group)" in english
    )
    assert "Errors (2):" in english
