"""The activity follow-up's one schema: how the plan's activities went in a year (sv/en).

The region's activity owners submit it through the same inbox as the enterprises' reports;
one row = one activity of the action plan in one year.
"""

from asfetl.reports.schema import Column

# Canonical status codes (Swedish, like the enterprise report's codes) and what they mean.
STATUSES = ("ej_paborjad", "paborjad", "avslutad", "installd")
STATUS_LABELS = {
    "ej_paborjad": ("ej påbörjad", "not started"),
    "paborjad": ("påbörjad / pågår", "started / ongoing"),
    "avslutad": ("avslutad / genomförd", "completed"),
    "installd": ("inställd", "cancelled"),
}
COMMENT_MAX_LENGTH = 1000

COLUMNS: tuple[Column, ...] = (
    Column(
        "aktivitet", "activity_id", "activity",
        "Aktivitet", "Activity",
        "Aktivitetens id i handlingsplanen, t.ex. A07 (se planens aktivitetslista).",
        "The activity's id in the action plan, e.g. A07 (see the plan's list of activities).",
        "A15",
    ),
    Column(
        "ar", "year", "year",
        "År", "Year",
        "Året uppföljningen gäller.", "The year the follow-up covers.",
        "2024",
    ),
    Column(
        "status", "status", "enum",
        "Status", "Status",
        "Läget vid årets slut, en av: " + ", ".join(STATUSES) + ".",
        "The state at the end of the year, one of: " + ", ".join(STATUSES)
        + " (not started, started, completed, cancelled).",
        "paborjad", allowed=STATUSES,
    ),
    Column(
        "moten_genomforda", "meetings_held", "integer",
        "Möten genomförda", "Meetings held",
        "Antal möten som aktiviteten höll under året, t.ex. samverkansgruppens möten. "
        "Lämna tomt om aktiviteten inte håller möten.",
        "Meetings the activity held during the year, e.g. the cross-sector group's meetings. "
        "Leave empty if the activity holds no meetings.",
        "5", required=False,
    ),
    Column(
        "kommentar", "comment", "text",
        "Kommentar", "Comment",
        "Kort kommentar om läget (frivillig). Skriv inga personuppgifter.",
        "A short comment on progress (optional). Write no personal data.",
        "Två möten flyttades till nästa år.", max_length=COMMENT_MAX_LENGTH, required=False,
    ),
)  # fmt: skip
