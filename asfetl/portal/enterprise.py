"""Who a link serves: the enterprise's name and municipality (its register entry, else its last
accepted report, in the published warehouse, read-only), the year its report is due and by
when, the page's greeting, and its template prefilled with what is known."""

import logging
from dataclasses import dataclass
from datetime import date
from html import escape
from pathlib import Path
from tempfile import TemporaryDirectory

import duckdb

from asfetl import geography
from asfetl.errors import AsfetlError, NoWarehouseError
from asfetl.indicators import reading
from asfetl.reports.kinds import ENTERPRISE
from asfetl.reports.template import write_template
from asfetl.reports.window import ReportingWindow
from asfetl.warehouse.publish import working_path

log = logging.getLogger("asfetl.portal")

MONTHS = {
    "sv": "januari februari mars april maj juni juli augusti september oktober november december",
    "en": "January February March April May June July August September October November December",
}
WORDS = {
    "sv": {
        "hello": "Välkommen, {name}",
        "hello_unknown": "Välkommen",
        "unknown": "Vi har ännu ingen rapport från organisationsnummer {orgnr}.",
        "due": "Nu gäller det rapporten för {year}. Den ska vara inne senast {due}.",
        "overdue": "Rapporten för {year} skulle ha varit inne senast {due}: skicka den så snart "
        "du kan.",
        "done": "Rapporten för {last} är mottagen, tack. Nästa rapport gäller {year} och ska "
        "vara inne senast {due}.",
        "prefilled": "Mallen är redan ifylld med organisationsnummer, namn, kommun och år {year}.",
    },
    "en": {
        "hello": "Welcome, {name}",
        "hello_unknown": "Welcome",
        "unknown": "We have no report from organisation number {orgnr} yet.",
        "due": "The report now due is the one for {year}. It is due by {due}.",
        "overdue": "The report for {year} was due by {due}: please send it as soon as you can.",
        "done": "The report for {last} has been received, thank you. The next report is for "
        "{year} and is due by {due}.",
        "prefilled": "The template is already filled in with the organisation number, name, "
        "municipality and the year {year}.",
    },
}


@dataclass(frozen=True)
class Enterprise:
    """What the portal knows of the enterprise a link is for."""

    orgnr: str
    name: str | None  # None: no register entry and no report yet
    municipality: str | None  # SCB code
    last_year: int | None  # the latest year it has reported for
    year_due: int
    due: date
    overdue: bool

    @property
    def municipality_name(self) -> str | None:
        area = geography.all_areas().get(self.municipality or "")
        return area.name if area else None

    def prefill(self) -> dict[str, object]:
        """The template's first row: what is known, by column name."""
        known = {
            "organisationsnummer": self.orgnr,
            "foretagsnamn": self.name,
            "kommunkod": self.municipality,
            "rapportar": self.year_due,
        }
        return {column: value for column, value in known.items() if value is not None}


def window_of(settings) -> ReportingWindow:
    return ReportingWindow(
        settings.report_due, settings.report_coverage_threshold, settings.reporting_date
    )


def year_due(last_year: int | None, window: ReportingWindow) -> int:
    """The year to report next: the last year that has ended, unless it is reported already
    (then the year under way, due the year after)."""
    today = window.today or date.today()
    ended = today.year - 1
    return ended if last_year is None or last_year < ended else today.year


def known_enterprise(settings, orgnr: str) -> Enterprise:
    """The enterprise as the warehouse knows it: the private working file (read-only) holds its
    register entry and its last report's year; the published file, where that cannot be read,
    its register entry only. Without either, only its number, and the year due by the calendar."""
    name = municipality = last_year = None
    con = None
    for path in (working_path(settings.warehouse), settings.warehouse):
        try:
            con = reading.connect_read_only(path)
            break
        except NoWarehouseError:
            continue
        except (AsfetlError, duckdb.Error) as exc:  # damaged, busy or not ours to read
            log.warning("the warehouse could not be read for the greeting: %s", exc)
    if con is not None:
        try:
            name, municipality, last_year = _register_entry(con, orgnr)
        except duckdb.Error as exc:  # an older warehouse without these tables
            log.warning("the enterprise register could not be read: %s", exc)
        finally:
            con.close()
    window = window_of(settings)
    year = year_due(last_year, window)
    due = window.due_date(year)
    return Enterprise(
        orgnr, name, municipality, last_year, year, due, due < (window.today or date.today())
    )


def _register_entry(con, orgnr: str) -> tuple[str | None, str | None, int | None]:
    """(name, municipality code, last report year): the register's current entry
    (mart.enterprises), else the last accepted report's (raw.enterprise_reports)."""
    register = con.execute(
        """
        select foretagsnamn, kommunkod from mart.enterprises
        where organisationsnummer = $orgnr order by valid_from_year desc limit 1
        """,
        {"orgnr": orgnr},
    ).fetchone()
    try:  # the reports are in the working file only
        report = con.execute(
            """
            select foretagsnamn, kommunkod, rapportar from raw.enterprise_reports
            where organisationsnummer = $orgnr
            order by rapportar desc, received_at desc, file_name desc, row_number desc limit 1
            """,
            {"orgnr": orgnr},
        ).fetchone()
    except duckdb.CatalogException:
        report = None
    name, municipality = register or (report[:2] if report else (None, None))
    return name, municipality, (int(report[2]) if report else None)


def long_date(day: date, lang: str) -> str:
    """'31 mars 2027', '31 March 2027'."""
    return f"{day.day} {MONTHS[lang].split()[day.month - 1]} {day.year}"


def greeting(lang: str, enterprise: Enterprise) -> str:
    """The page's greeting: the enterprise by name, the year due and its due date."""
    w = WORDS[lang]
    due = long_date(enterprise.due, lang)
    if enterprise.name:
        place = enterprise.municipality_name
        shown = enterprise.name + (f" ({place})" if place else "")
        hello = w["hello"].format(name=shown)
        known = ""
    else:
        hello = w["hello_unknown"]
        known = f"<p>{escape(w['unknown'].format(orgnr=enterprise.orgnr))}</p>"
    if enterprise.overdue:
        when = w["overdue"].format(year=enterprise.year_due, due=due)
    elif enterprise.last_year == enterprise.year_due - 1:
        when = w["done"].format(last=enterprise.last_year, year=enterprise.year_due, due=due)
    else:
        when = w["due"].format(year=enterprise.year_due, due=due)
    state = "overdue" if enterprise.overdue else "due"
    return (
        f'<section id="greeting" class="greeting" aria-labelledby="h-greeting">'
        f'<h2 id="h-greeting">{escape(hello)}</h2>{known}'
        f'<p class="due {state}" data-year="{enterprise.year_due}">{escape(when)}</p>'
        f"<p>{escape(w['prefilled'].format(year=enterprise.year_due))}</p></section>"
    )


def template_for(settings, enterprise: Enterprise, fmt: str, lang: str) -> bytes:
    """The enterprise's own template: headed with the columns' meanings in `lang`, its first
    row filled in with what is known (made for each request: it holds the enterprise's name)."""
    with TemporaryDirectory(prefix="asfetl-portal-template-") as folder:
        path = Path(folder) / f"template.{fmt}"
        write_template(
            path, fmt=fmt, lang=lang, region=settings.region, kind=ENTERPRISE,
            plan_dir=settings.plan_dir, labels=True, prefill=enterprise.prefill(),
        )  # fmt: skip
        return path.read_bytes()
