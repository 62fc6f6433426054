"""The handover of zicht op veiligheid through the operations: proposed to a partner that can hold it,
with a monitoring agreement, and accepted before the case can close."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mda.closing import operations as ops
from mda.closing.queries import current_holder, handovers_of
from mda.core import clock
from mda.dossiers.models import TeamMembership
from mda.engine.core import available, fire
from mda.engine.models import TransitionLog
from mda.errors import Refused, RuleError
from mda.extensions import db
from tests.closing.conftest import inbox

WATCHES = "Of de afspraken uit het veiligheidsplan worden nagekomen."


def codes(refused) -> list[str]:
    return [reason.code for reason in refused.value.reasons]


def propose(world, organisation, **terms):
    values = dict(organisation_id=organisation.id, watches=WATCHES, frequency="monthly",
                  until=clock.today() + timedelta(days=365)) | terms
    return ops.propose_handover(world.coordinator, world.case, **values)


def closing_reasons(world, today=None) -> list[str]:
    close = next(action for action in available(world.case, world.coordinator, today)
                 if action.event == "close")
    return [reason.code for reason in close.reasons]


def test_the_case_closes_only_once_the_named_partner_accepted_the_agreement(world):
    assert closing_reasons(world) == ["no_safety_holder"]
    handover = propose(world, world.vt)
    assert (handover.state, handover.proposed_on, handover.frequency) == ("proposed", clock.today(), "monthly")
    assert closing_reasons(world) == ["handover_not_accepted"]
    with pytest.raises(Refused) as refused:
        fire(world.case, "close", world.coordinator)
    assert "Veilig Thuis Test heeft de overdracht van zicht op veiligheid" in refused.value.reasons[0].nl
    assert world.case.state == "monitoring"

    ops.accept_handover(world.vt_user, handover)
    assert (handover.state, handover.answered_by_id) == ("accepted", world.vt_user.id)
    assert current_holder(world.case.id) is handover
    fire(world.case, "close", world.coordinator)
    assert world.case.state == "closed"
    assert current_holder(world.case.id).state == "accepted"  # it holds after closure


def test_the_named_organisation_is_asked_and_the_coordinator_hears_its_answer(world):
    handover = propose(world, world.vt)
    assert inbox(world.vt_user.id) == [("handover_proposed", f"/dossiers/{world.case.id}/zicht-op-veiligheid")]
    assert inbox(world.officer.id) == []
    ops.decline_handover(world.vt_user, handover, reason="Geen capaciteit dit kwartaal.")
    assert inbox(world.coordinator.id) == [("handover_answered", f"/dossiers/{world.case.id}/zicht-op-veiligheid")]
    assert closing_reasons(world) == ["handover_declined"]
    close = next(action for action in available(world.case, world.coordinator) if action.event == "close")
    assert "Geen capaciteit dit kwartaal." in close.reasons[0].nl


def test_declining_needs_a_reason_and_only_the_named_organisation_answers(world):
    handover = propose(world, world.vt)
    with pytest.raises(Refused) as refused:
        ops.decline_handover(world.vt_user, handover, reason="  ")
    assert codes(refused) == ["reason_required"]
    for someone in (world.officer, world.coordinator):
        with pytest.raises(Refused):
            ops.accept_handover(someone, handover)
    assert handover.state == "proposed"


def test_the_public_prosecutor_or_the_police_cannot_hold_zicht_op_veiligheid(world):
    for organisation in (world.om, world.police):
        with pytest.raises(Refused) as refused:
            propose(world, organisation)
        assert codes(refused) == ["holder_wrong_kind"]
        assert "kan geen zicht op veiligheid houden" in refused.value.reasons[0].nl
    assert [org.name for org in ops.holder_candidates(world.case)] == ["Veilig Thuis Test", "Wijkteam Noord"]
    assert handovers_of(world.case.id) == []


def test_a_partner_off_the_team_is_invited_first(world):
    with pytest.raises(Refused) as refused:
        propose(world, world.care)
    assert codes(refused) == ["holder_not_on_team"]


def test_the_agreement_says_what_how_often_and_until_after_today(world):
    with pytest.raises(Refused) as refused:
        propose(world, world.vt, watches=" ", frequency="daily", until=clock.today())
    assert codes(refused) == ["agreement_no_watches", "agreement_no_frequency", "agreement_until_passed"]
    with pytest.raises(Refused):
        propose(world, world.vt, until=None)
    assert handovers_of(world.case.id) == []
    assert db.session.scalar(select(TransitionLog.id).where(TransitionLog.workflow == "handover")) is None


def test_one_handover_at_a_time_and_withdrawing_makes_room_for_another(world):
    first = propose(world, world.vt)
    with pytest.raises(Refused) as refused:
        propose(world, world.team)
    assert codes(refused) == ["handover_already_live"]
    ops.withdraw_handover(world.coordinator, first, reason="Het wijkteam blijft betrokken.")
    second = propose(world, world.team)
    ops.accept_handover(world.coordinator, second)  # the coordinator's own team holds it
    assert current_holder(world.case.id) is second and first.state == "withdrawn"


def test_an_agreement_that_has_run_out_does_not_hold(world):
    handover = propose(world, world.vt, until=clock.today() + timedelta(days=10))
    ops.accept_handover(world.vt_user, handover)
    assert closing_reasons(world, clock.today() + timedelta(days=9)) == []
    assert closing_reasons(world, clock.today() + timedelta(days=10)) == ["handover_expired"]


def test_a_holder_that_leaves_the_team_no_longer_holds(world):
    handover = propose(world, world.vt)
    ops.accept_handover(world.vt_user, handover)
    membership = db.session.scalar(select(TeamMembership).where(TeamMembership.dossier_id == world.case.id,
                                                                TeamMembership.organisation_id == world.vt.id))
    fire(membership, "leave", world.vt_user, reason="Onze bemoeienis stopt.")
    assert handover.state == "withdrawn" and "Onze bemoeienis stopt." in handover.end_reason
    assert closing_reasons(world) == ["no_safety_holder"]


def test_a_closed_dossier_gets_no_new_handover_and_keeps_its_holder(world):
    handover = propose(world, world.vt)
    ops.accept_handover(world.vt_user, handover)
    fire(world.case, "close", world.coordinator)
    with pytest.raises(RuleError):
        propose(world, world.team)
    with pytest.raises(Refused) as refused:
        ops.withdraw_handover(world.coordinator, handover, reason="Toch niet.")
    assert "dossier_ended" in codes(refused) and handover.state == "accepted"
