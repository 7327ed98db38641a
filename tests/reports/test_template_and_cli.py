"""The report template and the `asfetl reports` commands, as a submitter or support person uses them."""

import subprocess

import openpyxl
import pytest

from asfetl.reports.checks import check_file
from asfetl.reports.schema import COLUMNS
from asfetl.reports.template import write_template
from tests.conftest import ASFETL, cli_env
from tests.reports.report_files import personnummer, valid_rows, write_csv


def asfetl(*args, cwd=None):
    return subprocess.run(
        [*ASFETL, *args], env=cli_env(), capture_output=True, text=True, timeout=120, cwd=cwd
    )


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_xlsx_template_has_headers_instructions_and_validation(tmp_path, lang):
    path = write_template(tmp_path / "t.xlsx", lang=lang)
    workbook = openpyxl.load_workbook(path)
    report = workbook.worksheets[0]
    assert [c.value for c in report[1]] == [c.name for c in COLUMNS]
    assert workbook.sheetnames[1] == ("Instruktioner" if lang == "sv" else "Instructions")
    instructions = " ".join(
        str(c.value) for row in workbook.worksheets[1].iter_rows() for c in row if c.value
    )
    assert "personnummer" in instructions if lang == "sv" else "personal identity" in instructions
    for column in COLUMNS:
        assert column.name in instructions
    kinds = {v.type for v in report.data_validations.dataValidation}
    assert {"list", "whole", "decimal", "textLength"} <= kinds
    legal = next(
        v for v in report.data_validations.dataValidation if "aktiebolag" in (v.formula1 or "")
    )
    assert "E2:E1000" in str(legal.sqref)


def test_csv_template_is_a_header_row_swedish_excel_opens(tmp_path):
    path = write_template(tmp_path / "t.csv", fmt="csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and raw.endswith(b"\r\n")
    assert raw[3:].decode().strip().split(";") == [c.name for c in COLUMNS]


def test_a_filled_in_template_is_accepted(tmp_path):
    path = write_template(tmp_path / "filled.xlsx")
    workbook = openpyxl.load_workbook(path)
    sheet = workbook.worksheets[0]
    for row in valid_rows(2):
        sheet.append([row[c.name] for c in COLUMNS])
    workbook.save(path)
    check = check_file(path, region="18", max_bytes=10**7)
    assert check.accepted, check.findings
    assert len(check.rows) == 2


def test_reports_template_command_writes_the_file(tmp_path):
    result = asfetl("reports", "template", "--format", "xlsx", "--lang", "en", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "asf_rapportmall_en.xlsx").exists()


def test_reports_check_prints_every_finding_and_exits_1_on_rejection(tmp_path):
    good = write_csv(tmp_path / "good.csv", valid_rows(2))
    rows = valid_rows(2)
    rows[1]["anstallda_malgrupp"] = rows[1]["anstallda_totalt"] + 3
    rows[0]["foretagsnamn"] = personnummer()
    bad = write_csv(tmp_path / "bad.csv", rows)

    result = asfetl("reports", "check", str(good))
    assert result.returncode == 0 and "GODKÄND" in result.stdout

    result = asfetl("reports", "check", "--lang", "en", str(good), str(bad))
    assert result.returncode == 1
    assert f"{good}: ACCEPTED" in result.stdout and f"{bad}: REJECTED" in result.stdout
    assert "Row 2, column foretagsnamn (Enterprise name)" in result.stdout
    assert "personnummer_found" in result.stdout and personnummer() not in result.stdout
    assert "Row 3, column anstallda_malgrupp" in result.stdout
    assert "target_group_within_employees" in result.stdout
    assert "Traceback" not in result.stderr
