"""The iCal feed of public sessions (RFC 5545, written with `icalendar`).

Neutral on purpose (F8, next-capabilities §C4): a shared calendar or a lock screen may be
seen by the person she fears, so every event is titled "Workshop" in the feed's language,
carries the venue (public by definition) and no course title, topic word or organisation
name. Online links are never in the feed.
"""

from django.utils import timezone
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from harbour.training.models import Session

PRODID = "-//Harbour//Workshops//EN"


def sessions_ical(sessions: list[Session], *, domain: str) -> bytes:
    """A VCALENDAR (bytes, CRLF lines) with one VEVENT per session; UIDs are the sessions'
    public ids at `domain`, times are UTC."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    stamp = timezone.now()
    for session in sessions:
        event = Event()
        event.add("uid", f"{session.public_id}@{domain}")
        event.add("dtstamp", stamp)
        event.add("dtstart", session.starts_at)
        event.add("dtend", session.ends_at)
        event.add("summary", _("Workshop"))
        event.add("location", _("Online") if session.is_online else session.venue)
        calendar.add_component(event)
    return calendar.to_ical()
