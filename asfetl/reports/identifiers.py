"""Swedish identifiers in reports: organisationsnummer checks, personnummer detection and redaction."""

import re
import unicodedata
from datetime import date

REDACTED = "[personnummer borttaget]"
NAME_REDACTED = "ÅÅMMDD-XXXX"  # in names (files, sheets): the shape, no digits, no brackets

# Word and Excel turn a typed hyphen into an en dash or a non-breaking hyphen; all mean "-".
_DASHES = "-\u2013\u2011"
_ORGNR = re.compile(rf"(?:16)?([0-9]{{6}})[{_DASHES}]?([0-9]{{4}})")

# Personnummer are looked for in a normalised text (see `normalised`): every digit an ASCII
# digit, every dash "-", every space " ", "_" and "+" kept; up to three of them may separate
# the date from the serial ("850312 - 2387"). Candidates start where a run of digits starts;
# the date and Luhn checks decide. The century, when written, is 18, 19 or 20.
_SEP = r"([-_ +]{0,3})"
_PNR_LONG = re.compile(rf"(?<![0-9])(1[89]|20)([0-9]{{6}}){_SEP}([0-9]{{4}})(?![0-9])")
_PNR_SHORT = re.compile(rf"(?<![0-9])([0-9]{{6}}){_SEP}([0-9]{{4}})(?![0-9])")
_RUN_START = re.compile(r"(?<![0-9])[0-9]")
# Every dash and hyphen a keyboard, a word processor or a font may put for "-".
DASH_CHARACTERS = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe63\uff0d\u2043\u02d7\u058a"


class _Normaliser(dict):
    """str.translate table, filled as characters are met: NFKC, then any decimal digit → its
    ASCII digit, any dash → "-", any space → " ", format characters (zero-width space, soft
    hyphen) → nothing."""

    def __missing__(self, code: int) -> str:
        out = []
        for ch in unicodedata.normalize("NFKC", chr(code)):
            category = unicodedata.category(ch)
            if "0" <= ch <= "9" or ch in "_+":
                out.append(ch)
            elif unicodedata.decimal(ch, None) is not None:
                out.append(str(unicodedata.decimal(ch)))
            elif ch == "-" or category == "Pd" or ch in DASH_CHARACTERS:
                out.append("-")
            elif ch.isspace() or category == "Zs":
                out.append(" ")
            elif category == "Cf":
                continue  # zero-width and soft-hyphen characters show nothing
            else:
                out.append(ch)
        self[code] = "".join(out)
        return self[code]


_NORMALISER = _Normaliser()


def normalised(text: str) -> str:
    """`text` as the personnummer detector reads it (see _Normaliser)."""
    if text.isascii():
        return text.translate(_ASCII)
    return text.translate(_NORMALISER)


_ASCII = str.maketrans("\t\n\r\x0b\x0c", "     ")


def _spans_in_original(text: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Spans found in normalised(text) as spans of `text` itself."""
    if text.isascii():
        return spans  # one character for one: the same positions
    starts, position = [], 0
    for index, ch in enumerate(text):
        piece = _NORMALISER[ord(ch)]
        starts += [index] * len(piece)
        position += len(piece)
    starts.append(len(text))
    return [(starts[a], starts[b - 1] + 1 if b > a else starts[a]) for a, b in spans]


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
    """'NNNNNN-NNNN' from any accepted spelling (any dash or none, '16' prefix), else None."""
    if value is None:
        return None
    match = _ORGNR.fullmatch(normalised(str(value)).strip())
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
    """End of a valid personnummer starting at `start` of a normalised text, or None.
    `probable`: any check digit, unless only "_" separates (as in a date_time in a name)."""
    long = _PNR_LONG.match(text, start)
    if long:
        century, yymmdd, sep, serial = long.groups()
        year, month, day = int(century + yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        any_check = probable and "_" not in sep
        if _real_date(year, month, day) and (any_check or luhn_valid(yymmdd + serial)):
            return long.end()
    short = _PNR_SHORT.match(text, start)
    if short:
        yymmdd, sep, serial = short.groups()
        yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
        any_check = probable and "_" not in sep
        # The century is not written: any century making the date real counts (29 February
        # of '00' is real in 2000 only), since a missed personnummer is the costly mistake.
        if any(_real_date(c + yy, month, day) for c in (1900, 2000)) and (
            any_check or luhn_valid(yymmdd + serial)
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
    return _spans_in_original(text, _normalised_spans(normalised(text), probable))


def _normalised_spans(text: str, probable: bool) -> list[tuple[int, int]]:
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
    """Whether `text` holds a personnummer, however it is spelled (see `normalised`)."""
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return bool(_normalised_spans(normalised(text), probable))


_DIGITS_ONLY = re.compile(r"[-_ +]*([0-9]{6}|(?:1[89]|20)[0-9]{6})[-_ +]*")
_SERIAL_ONLY = re.compile(r"[-_ +]*([0-9]{4})[-_ +]*")


def split_personnummer(left: object, right: object) -> bool:
    """Whether two adjacent cells hold one personnummer between them: the date in the first
    ("850312", "19850312", "850312-"), the serial in the second ("2387"); date and Luhn checked."""
    first, second = _cell_text(left), _cell_text(right)
    date_part = _DIGITS_ONLY.fullmatch(normalised(first)) if first else None
    serial = _SERIAL_ONLY.fullmatch(normalised(second)) if date_part and second else None
    return bool(serial) and contains_personnummer(f"{date_part[1]}-{serial[1]}")


def _cell_text(value: object) -> str:
    """A cell as written: an integer-valued number without its '.0'."""
    if isinstance(value, bool) or value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.0f}" if value.is_integer() else ""
    return str(value)


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
