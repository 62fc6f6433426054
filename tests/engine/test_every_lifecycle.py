"""One door for every lifecycle: applications, conferences and minutes move through
``mda.engine.core.fire`` like cases, tasks and team memberships. Random events on the real database
leave a transition log that replays to the row's state; a refused event names its reasons and
changes nothing; a state column refuses assignment outside the engine."""
import re
from datetime import time, timedelta
from itertools import count
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings, strategies as st
from sqlalchemy import select

from mda.conferences.models import Conference, ConferenceMinutes
from mda.core import clock
from mda.engine.core import fire
from mda.engine.models import TransitionLog
from mda.engine.protection import StateAssignmentError, force_state
from mda.errors import Refused
from mda.extensions import db
from mda.intake.models import Application, ApplicationCriterion, ApplicationPerson
from mda.tasks.models import Task
from mda.types import utcnow
from tests import factories as make
from workflows import APPLICATION_WORKFLOW, CONFERENCE_WORKFLOW, MINUTES_WORKFLOW

regions = count(1)
REASONS = ("", "Voldoet aan de criteria.")
PROPERTY = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def people():
    """A region with an applicant (police), a triage member (Zorg- en Veiligheidshuis), a case
    coordinator and a school teacher, who may not decide anything."""
    reg = make.region(f"Regio Deur {next(regions)}")
    team = make.organisation(reg, "Wijkteam Deur")
    users = {
        "applicant": make.user(make.organisation(reg, "Politie Deur", "police"), f"agent{reg.id}"),
        "triage": make.user(make.organisation(reg, "ZVH Deur", "zvh"), f"zvh{reg.id}"),
        "coordinator": make.user(team, f"coord{reg.id}", "coordinator"),
        "school": make.user(make.organisation(reg, "School Deur", "school"), f"juf{reg.id}"),
    }
    return reg, users


def draft(reg, applicant, complete: bool) -> Application:
    row = Application(region_id=reg.id, organisation_id=applicant.organisation_id, applicant_id=applicant.id,
                      family_reference="Gezin Deur", reason="Herhaald geweld." if complete else "",
                      goal="Veiligheid." if complete else "", signal_reported_on=clock.today(),
                      signal_violence_type="physical")
    if complete:
        row.persons = [ApplicationPerson(name="Iris Deur", role="victim")]
        row.criteria = [ApplicationCriterion(criterion="incidents_repeat", explanation="Drie keer dit jaar.")]
    db.session.add(row)
    db.session.flush()
    return row


def log_of(workflow: str, row) -> list[TransitionLog]:
    return list(db.session.scalars(select(TransitionLog).where(
        TransitionLog.workflow == workflow, TransitionLog.object_id == row.id).order_by(TransitionLog.id)))


def fire_and_check(spec, row, state_of, event, user, **data) -> None:
    """Fires ``event``; refused: every reason has both texts and nothing changed; allowed: one more
    log row, along a transition of ``spec``."""
    before, logged = state_of(row), len(log_of(spec.name, row))
    try:
        fire(row, event, user, **data)
    except Refused as refused:
        assert refused.reasons and all(reason.nl and reason.en for reason in refused.reasons)
        assert state_of(row) == before and len(log_of(spec.name, row)) == logged
        return
    last = log_of(spec.name, row)[-1]
    assert len(log_of(spec.name, row)) == logged + 1
    assert (last.from_state, last.event, last.to_state) == (before, event, state_of(row))
    assert spec.transition(event, before).dest == state_of(row)


def replays_to(spec, workflow: str, row, state: str) -> None:
    current = spec.initial
    for step in log_of(workflow, row):
        assert step.from_state == current
        current = spec.transition(step.event, current).dest
    assert current == state


@PROPERTY
@given(complete=st.booleans(), steps=st.lists(st.tuples(
    st.sampled_from(("applicant", "triage", "coordinator", "school")),
    st.sampled_from(APPLICATION_WORKFLOW.events + ("reopen",)),  # and a step the spec does not know
    st.sampled_from(REASONS)), max_size=8))
@example(complete=True, steps=[("applicant", "submit", ""), ("triage", "add_to_dossier", REASONS[1])])
@example(complete=True, steps=[("applicant", "submit", ""), ("triage", "plan", ""),
                               ("triage", "accept", REASONS[1]), ("triage", "decline", "")])
def test_random_events_on_an_application_leave_a_log_that_replays_to_its_stage(app_ctx, complete, steps):
    reg, users = people()
    application = draft(reg, users["applicant"], complete)
    try:
        for who, event, reason in steps:
            if event in ("accept", "decline", "add_to_dossier") and reason:
                application.decision_reason = reason  # the row's own rule: a decision has a reason
            if event == "add_to_dossier" and application.dossier is None:  # and joins a dossier
                application.dossier = make.dossier(users["coordinator"], f"Gezin Deur {reg.id}")
            if event == "withdraw":  # and a withdrawal its moment and reason
                application.withdrawn_at, application.withdrawal_reason = utcnow(), reason
            fire_and_check(APPLICATION_WORKFLOW, application, lambda row: row.stage, event, users[who],
                           reason=reason)
        replays_to(APPLICATION_WORKFLOW, "application", application, application.stage)
        if not complete:  # never submitted: at most withdrawn as a draft
            assert application.stage in ("draft", "withdrawn")
            assert "submitted" not in {step.to_state for step in log_of("application", application)}
    finally:
        db.session.rollback()


@PROPERTY
@given(days=st.integers(-3, 3), steps=st.lists(st.tuples(
    st.sampled_from(("coordinator", "school", "applicant")),
    st.sampled_from(("conference", "minutes")),
    st.sampled_from(("hold", "approve"))), max_size=6))
def test_random_events_on_a_conference_and_its_minutes_leave_a_log_that_replays(app_ctx, days, steps):
    reg, users = people()
    dossier = make.dossier(users["coordinator"], "Gezin Overleg")
    conference = Conference(dossier_id=dossier.id, held_on=clock.today() + timedelta(days=days),
                            starts_at=time(10), ends_at=time(11), place="Stadhuis",
                            created_by_id=users["coordinator"].id)
    minutes = ConferenceMinutes(conference=conference, author_id=users["coordinator"].id)
    db.session.add_all([conference, minutes])
    db.session.flush()
    rows = {"conference": (CONFERENCE_WORKFLOW, conference), "minutes": (MINUTES_WORKFLOW, minutes)}
    try:
        for who, which, event in steps:
            spec, row = rows[which]
            fire_and_check(spec, row, lambda r: r.stage, event, users[who])
        for which, (spec, row) in rows.items():
            replays_to(spec, which, row, row.stage)
        if days > 0:
            assert conference.stage == "planned"
    finally:
        db.session.rollback()


def test_withdrawing_needs_a_reason_once_submitted_and_ends_the_application(app_ctx):
    reg, users = people()
    draft_row = draft(reg, users["applicant"], complete=False)
    draft_row.withdrawn_at = utcnow()
    fire(draft_row, "withdraw", users["applicant"])  # a draft goes without a reason
    application = draft(reg, users["applicant"], complete=True)
    fire(application, "submit", users["applicant"])
    fire(application, "plan", users["triage"])
    application.withdrawn_at = utcnow()
    with pytest.raises(Refused) as refused:
        fire(application, "withdraw", users["applicant"])
    assert [reason.code for reason in refused.value.reasons] == ["reason_required"]
    with pytest.raises(Refused) as refused:
        fire(application, "withdraw", users["triage"], reason="Dubbel.")
    assert "no_right" in {reason.code for reason in refused.value.reasons}
    application.withdrawal_reason = "Het gezin verhuist naar een andere regio."
    fire(application, "withdraw", users["applicant"], reason=application.withdrawal_reason)
    assert [(s.event, s.to_state) for s in log_of("application", application)] == [
        ("submit", "submitted"), ("plan", "planned"), ("withdraw", "withdrawn")]
    with pytest.raises(Refused):
        fire(application, "plan", users["triage"])
    assert (draft_row.stage, application.stage) == ("withdrawn", "withdrawn")
    db.session.rollback()


def test_a_refused_submit_names_what_is_missing_and_changes_nothing(app_ctx):
    reg, users = people()
    application = draft(reg, users["applicant"], complete=False)
    with pytest.raises(Refused) as refused:
        fire(application, "submit", users["applicant"])
    codes = {reason.code for reason in refused.value.reasons}
    assert {"no_person", "no_reason", "no_goal", "no_criterion"} <= codes
    assert "Voeg minstens één persoon toe." in [reason.nl for reason in refused.value.reasons]
    assert application.stage == "draft" and log_of("application", application) == []


def test_an_event_the_spec_does_not_allow_here_says_so(app_ctx):
    reg, users = people()
    application = draft(reg, users["applicant"], complete=True)
    with pytest.raises(Refused) as refused:
        fire(application, "accept", users["triage"], reason="Voldoet.")
    assert [reason.en for reason in refused.value.reasons] == [
        '"Accept for MDA++" is not possible from "Draft".']
    assert application.stage == "draft"


def test_only_the_applicants_organisation_submits_and_only_triage_decides(app_ctx):
    reg, users = people()
    application = draft(reg, users["applicant"], complete=True)
    with pytest.raises(Refused) as refused:
        fire(application, "submit", users["triage"])
    assert "no_right" in {reason.code for reason in refused.value.reasons}
    fire(application, "submit", users["applicant"])
    with pytest.raises(Refused):
        fire(application, "plan", users["applicant"])
    fire(application, "plan", users["triage"])
    assert [(s.event, s.to_state) for s in log_of("application", application)] == [
        ("submit", "submitted"), ("plan", "planned")]


def test_state_columns_refuse_assignment_outside_the_engine(app_ctx):
    reg, users = people()
    dossier = make.dossier(users["coordinator"], "Gezin Beschermd")
    application = draft(reg, users["applicant"], complete=True)
    conference = Conference(dossier_id=dossier.id, held_on=clock.today(), starts_at=time(10), ends_at=time(11),
                            created_by_id=users["coordinator"].id)
    minutes = ConferenceMinutes(conference=conference, author_id=users["coordinator"].id)
    task = Task(dossier_id=dossier.id, kind="other", title_nl="Bellen", title_en="Call",
                organisation_id=users["coordinator"].organisation_id, start_on=clock.today(), due_on=clock.today())
    db.session.add_all([conference, minutes, task])
    db.session.flush()
    membership = dossier.memberships[0]
    for row, attribute, value in ((dossier, "state", "closed"), (task, "state", "done"),
                                  (membership, "status", "left"), (application, "stage", "accepted"),
                                  (conference, "stage", "held"), (minutes, "stage", "approved")):
        before = getattr(row, attribute)
        with pytest.raises(StateAssignmentError, match="changed only by mda.engine.fire"):
            setattr(row, attribute, value)
        assert getattr(row, attribute) == before
    fire(conference, "hold", users["coordinator"])  # the engine's path works
    fire(minutes, "approve", users["coordinator"])
    assert (conference.stage, minutes.stage) == ("held", "approved")
    force_state(task, "cancelled")  # the named escape hatch for tests and the demo builder
    assert task.state == "cancelled"


def test_no_module_outside_the_engine_assigns_a_state_column():
    """The listener refuses what runs; this catches what no test runs."""
    root = Path(__file__).resolve().parents[2] / "mda"
    assignment = re.compile(r"\.(state|stage|status)\s*=[^=]|setattr\([^)]*[\"'](state|stage|status)[\"']")
    found = [f"{path.relative_to(root)}:{number}" for path in root.rglob("*.py") if "engine" not in path.parts
             for number, line in enumerate(path.read_text().splitlines(), start=1) if assignment.search(line)]
    assert found == []


def test_the_one_door_takes_a_case_and_its_tasks_too(app_ctx):
    _reg, users = people()
    dossier = make.dossier(users["coordinator"], "Gezin Eén Deur")
    assert fire(dossier, "start_assessment", users["coordinator"]).state == "safety_assessment"
    task = db.session.scalar(select(Task).where(Task.dossier_id == dossier.id, Task.kind == "safety_assessment"))
    fire(task, "accept", users["coordinator"])
    assert [(s.workflow, s.event) for s in db.session.scalars(select(TransitionLog).where(
        TransitionLog.dossier_id == dossier.id).order_by(TransitionLog.id))] == [
        ("case", "start_assessment"), ("task", "accept")]
    with pytest.raises(Refused) as refused:
        fire(dossier, "start_assessment", users["applicant"])
    assert refused.value.reasons[0].code == "not_possible_in_state"
