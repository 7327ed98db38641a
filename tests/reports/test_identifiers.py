"""Organisationsnummer checks and personnummer detection, with numbers built for each test."""

import pytest

from asfetl.reports.identifiers import (
    REDACTED,
    contains_personnummer,
    luhn_valid,
    normalise_orgnr,
    orgnr_problem,
    personnummer_spans,
    redact_personnummer,
)


def check_digit(nine: str) -> str:
    """The Luhn digit that makes `nine` + digit valid (written independently of the module)."""
    total = 0
    for i, ch in enumerate(nine):
        doubled = int(ch) * (2 if i % 2 == 0 else 1)
        total += doubled // 10 + doubled % 10
    return str(-total % 10)


def valid(nine: str) -> str:
    return nine + check_digit(nine)


def pnr(date: str, serial: str = "987", sep: str = "-") -> str:
    """A valid personnummer; Luhn always over the 10-digit form, whatever the written form."""
    ten = valid(date[-6:] + serial)
    return f"{date}{sep}{ten[6:]}"


ORGNR = valid("769612345")  # an economic association's number
AB = valid("556677889")


def test_luhn():
    assert luhn_valid("7696123459") and luhn_valid("79927398713")
    assert not luhn_valid("7696123458")
    assert not luhn_valid("") and not luhn_valid("12a4") and not luhn_valid("７６９")


@pytest.mark.parametrize(
    "written",
    [
        f"{ORGNR[:6]}-{ORGNR[6:]}",
        ORGNR,
        f"16{ORGNR}",
        f"16{ORGNR[:6]}-{ORGNR[6:]}",
        f"  {ORGNR}  ",
        f"{ORGNR[:6]}\u2013{ORGNR[6:]}",
    ],
)
def test_normalise_orgnr_accepts_the_usual_spellings(written):
    assert normalise_orgnr(written) == f"{ORGNR[:6]}-{ORGNR[6:]}"


@pytest.mark.parametrize(
    "written", ["", "76961-23458", "769612-345", "7696123458 9", "17" + ORGNR, "76961234588", "ab"]
)
def test_normalise_orgnr_refuses_other_shapes(written):
    assert normalise_orgnr(written) is None


def test_orgnr_problems():
    assert orgnr_problem(ORGNR) is None and orgnr_problem(f"{AB[:6]}-{AB[6:]}") is None
    assert orgnr_problem("769612-34") == "orgnr_format"
    assert orgnr_problem(ORGNR[:-1] + str((int(ORGNR[-1]) + 1) % 10)) == "orgnr_checksum"
    assert orgnr_problem(valid("811218987")) == "orgnr_not_legal_entity"  # a personnummer
    assert orgnr_problem("551212-1234") == "orgnr_not_legal_entity"  # even with a wrong check digit


@pytest.mark.parametrize(
    "number",
    [
        pnr("811218"),
        pnr("811218", sep=""),
        pnr("811218", sep="+"),  # 100 years or older
        pnr("19811218"),
        pnr("19811218", sep=""),
        pnr("811278"),  # samordningsnummer: day 18 + 60
        pnr("000229"),  # 29 February exists in 2000
        pnr("20000229"),
    ],
)
def test_valid_personnummer_are_found(number):
    text = f"Kontakt: {number}."
    assert personnummer_spans(text) == [(9, 9 + len(number))]
    assert contains_personnummer(text)


@pytest.mark.parametrize(
    "number",
    [
        pnr("810230"),  # 30 February
        pnr("811318"),  # month 13
        pnr("811200"),  # day 0
        pnr("811292"),  # samordningsnummer day 32
        pnr("19000229"),  # 1900 was not a leap year
        pnr("811218")[:-1] + str((int(pnr("811218")[-1]) + 1) % 10),  # wrong check digit
        # The 12-digit form's check digit is Luhn over the 10-digit form, not over all 12.
        "19811218" + valid("19811218987")[-4:],
    ],
)
def test_invalid_personnummer_are_not_found(number):
    assert personnummer_spans(number) == [] and not contains_personnummer(number)


def test_organisationsnummer_are_not_personnummer():
    for number in (ORGNR, f"{ORGNR[:6]}-{ORGNR[6:]}", AB, f"16{ORGNR}", "769612-3459"):
        assert not contains_personnummer(number)


def test_digits_inside_longer_numbers_are_not_found():
    number = pnr("811218", sep="")
    assert not contains_personnummer("1" + number)
    assert not contains_personnummer(number + "0")
    assert not contains_personnummer(f"4500000{number}")
    assert contains_personnummer(f"tel 070-123;{number};x")


def test_several_numbers_and_redaction():
    first, second = pnr("811218"), pnr("19750101", serial="123")
    text = f"{first} och {second}, org {ORGNR}"
    assert len(personnummer_spans(text)) == 2
    redacted = redact_personnummer(text)
    assert redacted == f"{REDACTED} och {REDACTED}, org {ORGNR}"
    assert REDACTED == "[personnummer borttaget]"
    assert redact_personnummer("inget här 2024") == "inget här 2024"


def test_odd_input_does_not_raise():
    assert personnummer_spans("") == [] and not contains_personnummer(None)
    assert redact_personnummer("1" * 10_000) == "1" * 10_000
