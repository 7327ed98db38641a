"""Times as people here read them: Swedish local time (Europe/Stockholm) with the zone named."""

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

STOCKHOLM = ZoneInfo("Europe/Stockholm")  # the schedules' time zone, and the operators'


def local(moment: datetime) -> str:
    """E.g. '2026-12-07 12:59 CET' ('CEST' in summer); a time without a zone is taken as UTC,
    as the warehouse stores them."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(STOCKHOLM).strftime("%Y-%m-%d %H:%M %Z")
