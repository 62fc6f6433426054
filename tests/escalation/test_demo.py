"""The demo region's escalations come from the real detection run night by night over its history:
some cases are escalated at each level, a few were decided on and escalated again, every demo role
that acts on escalations lands on its work."""
from sqlalchemy import select

from mda.engine.models import TransitionLog
from mda.escalation.models import Escalation, EscalationLevel
from mda.extensions import db
from tests.support.web import login


def test_the_demo_has_cases_escalated_at_each_level_by_the_detection(app, demo):
    with app.app_context():
        escalations = db.session.scalars(select(Escalation)).all()
        open_levels = {e.level for e in escalations if e.is_open}
        assert open_levels == {1, 2, 3}
        assert {e.rung for e in escalations if e.is_open} == {"team_lead", "zvh", "steering"}
        raised = db.session.scalars(select(TransitionLog).where(TransitionLog.workflow == "escalation",
                                                                TransitionLog.event.in_(("raise", "rise")))).all()
        assert raised and {step.username for step in raised} == {"system"}, "raised by the detection, not by hand"
        assert all(e.raised_by_id is None and e.signal_codes for e in escalations)
        resolved = [e for e in escalations if e.state == "resolved"]
        assert {e.ended_by.username for e in resolved} == {"teamleider", "zvh"}
        assert all(e.levels[0].reached_on == e.raised_on for e in escalations)
        levels = db.session.scalars(select(EscalationLevel).order_by(EscalationLevel.reached_on)).all()
        assert levels[0].reached_on < levels[-1].reached_on, "dated on the nights they happened"


def test_each_demo_role_on_the_ladder_lands_on_its_work(app, demo):
    for username, landing, heading in (("teamleider", "/escalaties", "Escalaties"),
                                       ("zvh", "/escalaties", "Escalaties"),
                                       ("stuurgroep", "/stuurgroep", "Casussen geëscaleerd naar de stuurgroep")):
        client = app.test_client()
        assert login(client, username).headers["Location"].endswith(landing)
        page = client.get(landing).get_data(as_text=True)
        assert heading in page and "/escalaties/" in page, f"{username} has work on the page"
