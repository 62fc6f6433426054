"""A case conference as an iCalendar invitation (.ics). It names no one of the family: a calendar
is often synchronised to services outside the region, so the event only points to MDA++."""
from datetime import datetime

from flask_babel import gettext as _
from icalendar import Calendar, Event

from mda.core import clock
from mda.types import utcnow


def invitation(conference, url: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", "-//MDA++ casuscoordinatie//NL")
    calendar.add("version", "2.0")
    calendar.add("method", "PUBLISH")
    event = Event()
    event.add("uid", f"casusoverleg-{conference.id}@mda")
    event.add("dtstamp", utcnow())
    event.add("dtstart", datetime.combine(conference.held_on, conference.starts_at, tzinfo=clock.ZONE))
    event.add("dtend", datetime.combine(conference.held_on, conference.ends_at, tzinfo=clock.ZONE))
    event.add("summary", _("MDA++ case conference (dossier %(number)d)", number=conference.dossier_id))
    event.add("description", _("Case conference in MDA++. The family's details are in MDA++ only: %(url)s",
                               url=url))
    event.add("location", conference.place or conference.video_link)
    event.add("url", url)
    event.add("sequence", conference.version_id)
    calendar.add_component(event)
    calendar.add_missing_timezones()  # RFC 5545: a TZID needs its VTIMEZONE
    return calendar.to_ical()


def filename(conference) -> str:
    return f"casusoverleg-{conference.held_on.isoformat()}-{conference.id}.ics"
