"""The escalation part of the dossier page: whether the case stalls and since when, its open
escalation and the earlier ones, and the form to escalate by hand."""
from mda.access import Action, can
from mda.core import clock
from mda.core.rules import is_open
from mda.escalation.queries import escalations_of
from mda.escalation.stalls import dossier_stall
from workflows import RUNGS, STALL_SIGNALS


def dossier_section(dossier, user, lang: str) -> dict | None:
    if not can(user, Action.DOSSIER_VIEW, dossier):
        return None
    escalations = escalations_of(dossier.id, levels=False)
    current = next((escalation for escalation in escalations if escalation.is_open), None)
    top = len(dossier.region.ladder)
    return {
        "signals": dossier_stall(dossier, clock.today()),  # none for an ended dossier
        "signal_labels": STALL_SIGNALS,
        "rungs": RUNGS,
        "current": current,
        "earlier": [escalation for escalation in escalations if escalation is not current],
        "may_escalate": (can(user, Action.ESCALATION_RAISE, dossier) and is_open(dossier)
                         and (current is None or current.level < top)),
    }
