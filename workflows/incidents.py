"""One incident, several reports: the police and Veilig Thuis often both report the same call-out.

A report of a family is the same incident as an earlier one when the two lie at most
`SAME_INCIDENT_WINDOW` apart (both with their time of day; across midnight too: a call-out at
23:50 and a report at 00:30 are one night), or fall on the same date when either has no time of
day. A report of the same incident is linked to the incident's first report: the case relapses
once, and the school hears of the call-out once. The recorder can always choose otherwise.
"""
from datetime import timedelta
from typing import Hashable, Iterable, Optional

from .facts import SignalFact

__all__ = ['SAME_INCIDENT_WINDOW', 'matching_incident', 'same_incident']

SAME_INCIDENT_WINDOW = timedelta(hours=6)


def same_incident(first: SignalFact, second: SignalFact, window: timedelta = SAME_INCIDENT_WINDOW) -> bool:
    if first.received_at is None or second.received_at is None:
        return first.received_on == second.received_on
    return abs(first.moment - second.moment) <= window


def matching_incident(incidents: Iterable[tuple[Hashable, SignalFact]], report: SignalFact,
                      window: timedelta = SAME_INCIDENT_WINDOW) -> Optional[Hashable]:
    """The key of the incident (given as its first report) that `report` is the same incident as:
    the one closest in time when several are; None when it is a new incident."""
    candidates = [(abs(fact.moment - report.moment), key) for key, fact in incidents
                  if same_incident(fact, report, window)]
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None
