"""The page knows the enterprise (issue 28): its name and municipality from the published
warehouse, the year due and its date, a template prefilled and headed in words that the check
reads back; a municipality by name, a near miss answered; the same file twice gets no second
receipt. Against the real server and a warehouse a real run published."""

import csv
import io
from datetime import date

import httpx
import openpyxl
import pytest

from asfetl.operations import pipeline
from asfetl.portal.enterprise import known_enterprise, year_due
from asfetl.reports.kinds import ENTERPRISE
from asfetl.reports.window import ReportingWindow
from tests.portal.server import csv_bytes, link_path, portal_settings, running_portal, send
from tests.reports.report_files import valid_rows, write_csv

TODAY = date(2026, 12, 7)  # the window is judged at this day


@pytest.fixture(scope="module")
def published(tmp_path_factory):
    """A warehouse whose run loaded one enterprise's report for 2025 (municipality 1881)."""
    folder = tmp_path_factory.mktemp("published")
    settings = portal_settings(folder, today=TODAY, portal_uploads_per_hour=50)
    (row,) = valid_rows(1, years=(2025,))
    row.update(kommunkod="1881", foretagsnamn="Kafé Kumla ek. för.")
    settings.inbox.mkdir(parents=True)
    write_csv(settings.inbox / "rapport_2025.csv", [row])
    run = pipeline.run_pipeline(settings, sample=False, statistics=False)
    assert run.step_counts["reports"]["accepted"] == 1
    return settings, row


@pytest.fixture(scope="module")
def client(published):
    settings, _ = published
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        yield client


def test_the_year_due_follows_the_last_report_and_the_window():
    window = ReportingWindow("03-31", today=TODAY)
    assert year_due(None, window) == 2025 and window.due_date(2025) == date(2026, 3, 31)
    assert year_due(2023, window) == 2025  # the last ended year, overdue since March
    assert year_due(2025, window) == 2026 and window.due_date(2026) == date(2027, 3, 31)


def test_the_page_greets_the_enterprise_and_states_the_year_due(published, client):
    settings, row = published
    known = known_enterprise(settings, row["organisationsnummer"])
    assert (known.name, known.municipality, known.last_year) == (
        "Kafé Kumla ek. för.",
        "1881",
        2025,
    )
    assert (known.year_due, known.due, known.overdue) == (2026, date(2027, 3, 31), False)
    page = client.get(link_path(settings, row["organisationsnummer"]))
    assert "Välkommen, Kafé Kumla ek. för. (Kumla)" in page.text
    assert "Nästa rapport gäller 2026 och ska vara inne senast 31 mars 2027." in page.text
    english = client.get(link_path(settings, row["organisationsnummer"]) + "?lang=en")
    assert "Welcome, Kafé Kumla ek. för. (Kumla)" in english.text
    assert "The next report is for 2026 and is due by 31 March 2027." in english.text


def test_an_enterprise_without_a_report_is_told_the_year_overdue(published, client):
    settings, _ = published
    page = client.get(link_path(settings, "556036-0793"))
    assert "Vi har ännu ingen rapport från organisationsnummer 556036-0793." in page.text
    assert "Rapporten för 2025 skulle ha varit inne senast 31 mars 2026" in page.text


def test_the_template_is_prefilled_headed_in_words_and_read_back(published, client, tmp_path):
    settings, row = published
    link = link_path(settings, row["organisationsnummer"])
    text = client.get(f"{link}/template.csv?lang=sv").content.decode("utf-8-sig")
    header, first = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert header[:4] == ["Organisationsnummer", "Företagsnamn", "Kommunkod", "Rapportår"]
    assert "Anställda i målgruppen" in header and "anstallda_malgrupp" not in header
    assert first[:4] == [row["organisationsnummer"], "Kafé Kumla ek. för.", "1881", "2026"]
    assert first[4:] == [""] * (len(header) - 4)
    english = client.get(f"{link}/template.xlsx?lang=en").content
    sheet = openpyxl.load_workbook(io.BytesIO(english)).worksheets[0]
    assert [c.value for c in sheet[1]][:2] == ["Organisation number", "Enterprise name"]
    assert [c.value for c in sheet[2]][:4] == [
        row["organisationsnummer"], "Kafé Kumla ek. för.", "1881", 2026
    ]  # fmt: skip
    # The enterprise fills in the rest, writes its municipality by name, and sends it back.
    figures = [str(row[c.name]) for c in ENTERPRISE.columns[4:]]
    filled = ";".join([*first[:2], "Kumla", "2025", *figures]) + "\r\n"
    answer = send(client, link, (";".join(header) + "\r\n" + filled).encode("utf-8-sig"))
    assert answer.status_code == 200 and "Tack! Filen är mottagen." in answer.text


def test_a_near_miss_of_a_municipality_is_answered_with_a_suggestion(published, client, tmp_path):
    settings, row = published
    answer = send(
        client, link_path(settings, row["organisationsnummer"]),
        csv_bytes(tmp_path, [dict(row, kommunkod="Kumlaa")]),
    )  # fmt: skip
    assert answer.status_code == 422
    assert "menade du Kumla (1881)?" in answer.text


def test_cross_column_findings_name_each_value_cause_first(published, client, tmp_path):
    settings, row = published
    bad = dict(row, anstallda_totalt=-3, anstallda_malgrupp=10)
    answer = send(
        client, link_path(settings, row["organisationsnummer"]), csv_bytes(tmp_path, [bad])
    )
    text = answer.text
    named = "anställda i målgruppen 10 är fler än anställda totalt \u22123"
    assert named in text
    assert text.index('data-rule="anstallda_totalt_not_negative"') < text.index(
        'data-rule="target_group_within_employees"'
    )


def test_the_same_file_twice_gets_one_receipt_and_a_notice(tmp_path):
    settings = portal_settings(tmp_path)
    (row,) = valid_rows(1)
    content = csv_bytes(tmp_path, [row])
    with running_portal(settings) as url, httpx.Client(base_url=url, timeout=120) as client:
        link = link_path(settings, row["organisationsnummer"])
        first = send(client, link, content)
        assert "Tack! Filen är mottagen." in first.text
        (stored,) = list(settings.inbox.iterdir())
        second = send(client, link, content, name="igen.csv")
        assert second.status_code == 200 and "Filen är redan mottagen" in second.text
        assert "Tack! Filen är mottagen." not in second.text and "receipt?" not in second.text
        stamp = stored.name.split("_")[2]
        when = f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]} {stamp[9:11]}:{stamp[11:13]} UTC"
        assert f"Exakt samma fil kom in {when} och sparades som {stored.name}." in second.text
        assert list(settings.inbox.iterdir()) == [stored]  # nothing stored twice
        # once loaded and filed under accepted/, the file is still known
        pipeline.run_pipeline(settings, sample=False, statistics=False)
        assert list(settings.inbox.iterdir()) == []
        third = send(client, link, content)
        assert f"sparades som {stored.name}" in third.text and list(settings.inbox.iterdir()) == []
