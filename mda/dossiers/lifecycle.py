"""How the engine drives a team membership (``workflows.TEAM_WORKFLOW``): the invited organisation
answers its own invitation and may leave (``membership.respond``); the coordinator ends another
organisation's membership or withdraws its invitation (``membership.end``). The coordinator's own
organisation stays on the team."""
from mda.dossiers.models import Dossier, TeamMembership
from mda.engine.core import Lifecycle, Step, register
from mda.extensions import db
from workflows import Reason

COORDINATOR_ORG_STAYS = Reason("coordinator_org_stays",
                               "De organisatie van de casusregisseur blijft in het team.",
                               "The case coordinator's organisation stays on the team.")
ENDING_EVENTS = ("leave", "withdraw")


def _dossier(membership: TeamMembership) -> Dossier:
    return membership.dossier or db.session.get(Dossier, membership.dossier_id)


def _checks(step: Step) -> tuple[Reason, ...]:
    membership: TeamMembership = step.row
    if step.event in ENDING_EVENTS and membership.organisation_id == _dossier(membership).coordinator.organisation_id:
        return (COORDINATOR_ORG_STAYS,)
    return ()


def _apply(step: Step) -> None:
    membership: TeamMembership = step.row
    if step.event == "accept":
        membership.joined_on = step.today
    if step.event in ENDING_EVENTS:
        membership.left_on = step.today
    if step.reason:
        membership.reason = step.reason


register(Lifecycle(
    "team_membership",
    facts=lambda membership, today, data: None,
    dossier_state=lambda membership: _dossier(membership).state,
    on_ended=frozenset({"decline", "withdraw"}),
    checks=_checks,
    apply=_apply,
    label=lambda membership, event: f"team.{event}:{membership.organisation_id}",
))
