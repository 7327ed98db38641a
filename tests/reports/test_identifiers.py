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


@pytest.mark.parametrize(
    "sep",
    ["-", "", "+", "_", " ", "\u00a0", "\u202f", "\u2009", "\u3000", "\t", "\u2010", "\u2011",
     "\u2012", "\u2013", "\u2014", "\u2015", "\u2212", "\ufe63", "\uff0d", " - ", "\u200b"],
)  # fmt: skip
def test_every_dash_and_space_and_no_separator_count(sep):
    number = pnr("811218", sep=sep)
    text = f"Kontakt {number}."
    assert contains_personnummer(text) and contains_personnummer(text, probable=True)
    assert redact_personnummer(text) == f"Kontakt {REDACTED}."


def test_fullwidth_and_other_digits_are_read_as_digits():
    number = pnr("811218")
    fullwidth = number.translate(str.maketrans("0123456789-", "０１２３４５６７８９－"))
    arabic = number.translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    for text in (fullwidth, arabic, f"nr {fullwidth} slut"):
        assert contains_personnummer(text)
        assert redact_personnummer(text).count(REDACTED) == 1
    assert redact_personnummer(f"nr {fullwidth} slut") == f"nr {REDACTED} slut"


def test_organisationsnummer_and_ordinary_numbers_in_any_spelling_are_not_found():
    for sep in ("", "-", "_", " ", "\u2212", "\uff0d", "+"):
        assert not contains_personnummer(f"{ORGNR[:6]}{sep}{ORGNR[6:]}", probable=True)
        assert not contains_personnummer(f"{AB[:6]}{sep}{AB[6:]}", probable=True)
    # figures, dates and times, as a report or a file name holds them
    for text in ("omsättning 1 250 000 kr", "2023-12-31", "rapport_20240315_1431.csv",
                 "export 2024-03-15 14.30", "1234567890", "tel 070-123 45 67"):  # fmt: skip
        assert not contains_personnummer(text, probable=True), text
    # A date_time joined by "_" needs the check digit to count even in a name (one in ten
    # passes it and is taken for a personnummer, on purpose: a missed one costs more).
    assert contains_personnummer("rapport_20240315_1430.csv", probable=True)
    assert contains_personnummer("rapport_20240315-1431.csv", probable=True)  # a dash: any digit


def test_a_number_split_over_two_cells():
    from asfetl.reports.identifiers import split_personnummer

    ten = pnr("811218", sep="")
    assert split_personnummer(ten[:6], ten[6:]) and split_personnummer(int(ten[:6]), ten[6:])
    assert split_personnummer(f"19{ten[:6]}", float(ten[6:]))
    assert split_personnummer(f"{ten[:6]}-", ten[6:])
    assert not split_personnummer(ten[:6], str((int(ten[6:]) + 1) % 10000).zfill(4))
    assert not split_personnummer(ORGNR[:6], ORGNR[6:])
    assert not split_personnummer(ten[:6], None) and not split_personnummer("", ten[6:])


def test_names_are_redacted_before_they_are_made_safe():
    from asfetl.reports.inbox import safe_name
    from tests.reports.hostile.corpus import NAME_SPELLINGS

    for spelling in NAME_SPELLINGS.values():
        name = safe_name(f"rapport {spelling}.csv")
        assert name == "rapport ÅÅMMDD-XXXX.csv", (spelling, name)
    # a control character between the parts becomes "_" when made safe: redacted again after
    assert safe_name("850312\x002387.csv") == "ÅÅMMDD-XXXX.csv"
