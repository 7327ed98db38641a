"""Swedish identifiers in reports: organisationsnummer checks, personnummer detection and redaction."""

import re
from datetime import date

REDACTED = "[personnummer borttaget]"
NAME_REDACTED = "ÅÅMMDD-XXXX"  # in names (files, sheets): the shape, no digits, no brackets

# Word and Excel turn a typed hyphen into an en dash or a non-breaking hyphen; all mean "-".
_DASHES = "-\u2013\u2011"
_ORGNR = re.compile(rf"(?:16)?([0-9]{{6}})[{_DASHES}]?([0-9]{{4}})")
# A personnummer may also be written with a space (plain, non-breaking or thin) for the dash.
_SEPARATORS = _DASHES + " \u00a0\u202f"

# Candidates start where a run of digits starts; the date and Luhn checks decide.
# [0-9], not \d: \d also matches Arabic-Indic and other digits that int() would accept.
_PNR_LONG = re.compile(rf"(?<![0-9])([0-9]{{2}})([0-9]{{6}})[{_SEPARATORS}]?([0-9]{{4}})(?![0-9])")
_PNR_SHORT = re.compile(rf"(?<![0-9])([0-9]{{6}})[{_SEPARATORS}+]?([0-9]{{4}})(?![0-9])")
_RUN_START = re.compile(r"(?<![0-9])[0-9]")


def luhn_valid(digits: str) -> bool:
    """Mod-10 (Luhn) check; the rightmost digit is the check digit."""
    if not digits or not all("0" <= ch <= "9" for ch in digits):
        return False
    total = 0
    for position, ch in enumerate(reversed(digits)):
        value = int(ch) * (2 if position % 2 else 1)
        total += value - 9 if value > 9 else value
    return total % 10 == 0


def normalise_orgnr(value: str) -> str | None:
    """'NNNNNN-NNNN' from any accepted spelling (dash optional, '16' prefix), else None."""
    if value is None:
        return None
    match = _ORGNR.fullmatch(str(value).strip())
    return f"{match.group(1)}-{match.group(2)}" if match else None


def orgnr_problem(value: str) -> str | None:
    """None for a valid organisationsnummer, else the rule it breaks."""
    canonical = normalise_orgnr(value)
    if canonical is None:
        return "orgnr_format"
    digits = canonical.replace("-", "")
    # Checked before the checksum: a personnummer-shaped number is the wrong kind of number,
    # and telling the submitter its check digit is wrong would send them looking for a typo.
    if int(digits[2]) < 2:
        return "orgnr_not_legal_entity"
    if not luhn_valid(digits):
        return "orgnr_checksum"
    return None


def _real_date(year: int, month: int, day: int) -> bool:
    if day > 60:  # samordningsnummer: the day of birth plus 60
        day -= 60
    try:
        date(year, month, day)
    except ValueError:
        return False
    return True


def _valid_at(text: str, start: int, probable: bool = False) -> int | None:
    """End of a valid personnummer starting at `start`, or None; `probable`: any check digit."""
    long = _PNR_LONG.match(text, start)
    if long:
        century, yymmdd, serial = long.groups()
        year, month, day = int(century + yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        if _real_date(year, month, day) and (probable or luhn_valid(yymmdd + serial)):
            return long.end()
    short = _PNR_SHORT.match(text, start)
    if short:
        yymmdd, serial = short.groups()
        yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        # The century is not written: any century making the date real counts (29 February
        # of '00' is real in 2000 only), since a missed personnummer is the costly mistake.
        if any(_real_date(c + yy, month, day) for c in (1900, 2000)) and (
            probable or luhn_valid(yymmdd + serial)
        ):
            return short.end()
    return None


def personnummer_spans(text: str, probable: bool = False) -> list[tuple[int, int]]:
    """(start, end) of every valid personnummer or samordningsnummer in `text`.

    Organisationsnummer never match: their month field is 20 or more, so the date is not real.
    `probable`: also a date-shaped number whose check digit fails (a mistyped personnummer is
    still one), for free text: names, comments, notes.
    """
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    spans: list[tuple[int, int]] = []
    position = 0
    while True:
        run = _RUN_START.search(text, position)
        if run is None:
            return spans
        end = _valid_at(text, run.start(), probable)
        if end is not None:
            spans.append((run.start(), end))
            position = end
        else:
            position = run.start() + 1


def contains_personnummer(text: str, probable: bool = False) -> bool:
    return bool(personnummer_spans(text, probable))


def redact_personnummer(text: str, probable: bool = False, token: str = REDACTED) -> str:
    """`text` with every personnummer replaced by '[personnummer borttaget]' (or `token`)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    for start, end in reversed(personnummer_spans(text, probable)):
        text = text[:start] + token + text[end:]
    return text


def redact_name(name: str) -> str:
    """A name (of a file, a sheet) with every probable personnummer written ÅÅMMDD-XXXX."""
    return redact_personnummer(name, probable=True, token=NAME_REDACTED)
