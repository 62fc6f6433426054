"""One incident, several reports: the police and Veilig Thuis often both report the same call-out.

A report of a family is the same incident as an earlier one when both have their time of day and
lie at most `SAME_INCIDENT_WINDOW` apart (across midnight too: a call-out at 23:50 and a report at
00:30 are one night). When either has no time of day, a report of the same date may be the same
incident or another one: the recorder says which (`possible_incidents`). A report of the same
incident is linked to the incident's first report: the case relapses once, and the school hears
of the call-out once. The recorder can always choose otherwise. A report wrongly taken for another
one would hide a relapse, so only a match in time is made without asking.
"""
from datetime import timedelta
from typing import Hashable, Iterable, Optional

from .facts import SignalFact

__all__ = ['SAME_INCIDENT_WINDOW', 'matching_incident', 'possible_incidents', 'same_incident']

SAME_INCIDENT_WINDOW = timedelta(hours=6)


def same_incident(first: SignalFact, second: SignalFact, window: timedelta = SAME_INCIDENT_WINDOW) -> bool:
    """Both at a known time of day, at most `window` apart."""
    if first.received_at is None or second.received_at is None:
        return False
    return abs(first.moment - second.moment) <= window


def _may_be_the_same(first: SignalFact, second: SignalFact) -> bool:
    return (first.received_at is None or second.received_at is None) and first.received_on == second.received_on


def matching_incident(reports: Iterable[tuple[Hashable, SignalFact]], report: SignalFact,
                      window: timedelta = SAME_INCIDENT_WINDOW) -> Optional[Hashable]:
    """The key of the earlier report that `report` is the same incident as (the closest in time
    when several are); None when it is a new incident or only may be the same."""
    candidates = [(abs(fact.moment - report.moment), key) for key, fact in reports
                  if same_incident(fact, report, window)]
    return min(candidates, key=lambda candidate: candidate[0])[1] if candidates else None


def possible_incidents(reports: Iterable[tuple[Hashable, SignalFact]], report: SignalFact) -> list[Hashable]:
    """The keys of the earlier reports of the same date that `report` may be the same incident as,
    because one of the two has no time of day: the recorder decides."""
    return [key for key, fact in reports if _may_be_the_same(fact, report)]
