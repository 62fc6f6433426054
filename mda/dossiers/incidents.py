"""Which incident a new report is about (``workflows.incidents``): a new one, or one the family had
already reported (the police and Veilig Thuis on the same call-out). A report of an earlier
incident is linked to that incident's first report."""
from datetime import timedelta

from flask_babel import lazy_gettext as _l

from mda.core import clock
from mda.dossiers.models import Dossier, Signal
from mda.errors import RuleError
from workflows import SignalFact, matching_incident, possible_incidents

# The recorder lets the date and time decide: the incident of a report of the family at the same
# time, if there is one (``workflows.incidents``), else a new incident.
MATCH = "match"
RECENT = timedelta(days=14)  # the incidents the form offers to link a report to
NOT_THIS_FAMILY = _l("Choose an incident of this family from the list.")
SAY_WHICH = _l("A report of this family of the same day has no time of day, so this may be the same incident. "
               "Choose that incident, or a new incident.")


class WhichIncident(RuleError):
    """A report of the same day without a time may be about the same incident: the recorder says
    whether it is; ``candidates`` are the incidents (their first reports) it may be about."""

    def __init__(self, candidates: list[Signal]):
        super().__init__(SAY_WHICH, "incident")
        self.candidates = candidates


def fact(signal: Signal) -> SignalFact:
    return SignalFact(signal.reported_on, bool(signal.police_callout), signal.reported_time)


def first_report(signal: Signal) -> Signal:
    return signal.same_incident_as or signal


def reports_of(dossier: Dossier, first: Signal) -> list[Signal]:
    """Every report of the incident ``first`` opened, in the order recorded."""
    return [s for s in dossier.signals if s is first or s.same_incident_as_id == first.id]


def incident_of(dossier: Dossier, incident, values: dict) -> Signal | None:
    """The first report of the incident a new report (with ``values``) is about, or None for a new
    incident. ``incident``: None (a new one), the id of any report of the family, or ``MATCH``."""
    if incident is None:
        return None
    if incident == MATCH:
        report = SignalFact(values["reported_on"], bool(values.get("police_callout")), values.get("reported_time"))
        earlier = [(signal, fact(signal)) for signal in dossier.signals if signal.id is not None]
        found = matching_incident(earlier, report)
        if found is None:
            maybe = list(dict.fromkeys(first_report(signal) for signal in possible_incidents(earlier, report)))
            if maybe:
                raise WhichIncident(maybe)
            return None
        return first_report(found)
    earlier = next((signal for signal in dossier.signals if signal.id == incident), None)
    if earlier is None:
        raise RuleError(NOT_THIS_FAMILY, "incident")
    return first_report(earlier)


def recent_incidents(dossier: Dossier) -> list[tuple[Signal, list[Signal]]]:
    """The family's incidents of the last two weeks, newest first: (first report, every report)."""
    since = clock.today() - RECENT
    firsts = [s for s in dossier.signals if s.same_incident_as_id is None and s.id is not None
              and s.reported_on >= since]
    firsts.sort(key=lambda s: fact(s).moment, reverse=True)
    return [(first, reports_of(dossier, first)) for first in firsts]
