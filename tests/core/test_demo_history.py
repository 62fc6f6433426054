"""The demo's dossiers read like real case histories: opened when the history starts, signals in
an active phase followed by a relapse, Handle with Care on the day of the call-out, and Veilig
Thuis's assessment in the timeline on its own date."""
from datetime import date

from sqlalchemy import select

from mda.casework.timeline import timeline
from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.casework.models import SafetyAssessment
from mda.tasks.models import Task
from tests.support.web import login
from workflows import ACTIVE_PHASES


def case_steps(dossier_id):
    return list(db.session.scalars(select(TransitionLog).where(
        TransitionLog.dossier_id == dossier_id, TransitionLog.workflow == "case")
        .order_by(TransitionLog.at, TransitionLog.id)))


def test_every_demo_dossier_opens_with_its_history(app, demo):
    with app.app_context():
        for dossier in db.session.scalars(select(Dossier)):
            first_signal = min(s.reported_on for s in dossier.signals)
            assert dossier.created_at.date() == first_signal, dossier.reference
            steps = case_steps(dossier.id)
            assert all(dossier.created_at <= step.at.replace(tzinfo=dossier.created_at.tzinfo) for step in steps), \
                dossier.reference
            assert all(step.at.date() <= clock.today() for step in steps), dossier.reference
            for membership in (m for m in dossier.memberships if m.status == "active"):
                assert first_signal <= membership.joined_on < clock.today(), \
                    (dossier.reference, membership.organisation.name)
            for person in dossier.persons:
                assert person.created_at.date() == first_signal, (dossier.reference, person.name)


def test_signals_in_an_active_phase_are_followed_by_a_relapse(app, demo):
    relapsed = set()
    with app.app_context():
        for dossier in db.session.scalars(select(Dossier)):
            steps = case_steps(dossier.id)
            for signal in dossier.signals:
                before = [s for s in steps if s.at.date() < signal.reported_on]
                state = before[-1].to_state if before else "registered"
                same_day = [s for s in steps if s.at.date() == signal.reported_on]
                if state in ACTIVE_PHASES:
                    assert any(s.event == "relapse" for s in same_day), (dossier.reference, signal.reported_on)
                    relapsed.add(dossier.reference)
            relapses = [s for s in steps if s.event == "relapse"]
            assert len(relapses) <= len(dossier.signals), dossier.reference
    assert len(relapsed) >= 4, relapsed
    assert {"Gezin Bakker-Yilmaz", "Gezin Kowalski", "Gezin Meijer-Nowak"} <= relapsed


def test_handle_with_care_comes_on_the_day_of_the_call_out(app, demo):
    with app.app_context():
        tasks = list(db.session.scalars(select(Task).where(Task.kind == "school_signal")))
        assert tasks
        for task in tasks:
            call_out = date.fromisoformat(task.dedupe_key.rsplit(":", 1)[1])
            assert task.created_at.date() == call_out, task.title_nl
            assert task.start_on == call_out


def test_the_timeline_places_the_assessment_on_its_date_and_signals_at_their_time_when_known(app, client, demo):
    from mda import labels
    with app.app_context():
        dossier = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Visser"))
        assessments = list(db.session.scalars(select(SafetyAssessment)
                                              .where(SafetyAssessment.dossier_id == dossier.id)))
        tasks = list(db.session.scalars(select(Task).where(Task.dossier_id == dossier.id)))
        with app.test_request_context():
            entries = timeline(dossier, tasks, "nl", labels, health=True)
        placed = sorted(e.at.date() for e in entries if e.kind == "assessment")
        assert placed == sorted(a.assessed_on for a in assessments) and placed[-1] < clock.today()
        signals = [e for e in entries if e.kind == "signal"]
        timed = sorted((s.reported_on, s.reported_time) for s in dossier.signals if s.reported_time)
        assert signals and sorted((e.at.date(), e.at.time()) for e in signals if not e.date_only) == timed
        assert sum(e.date_only for e in signals) == len(dossier.signals) - len(timed)
        dossier_id = dossier.id
    login(client, "regisseur")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    timeline_html = html[html.index('id="tijdlijn"'):]
    assert "01:00" not in timeline_html and "02:00" not in timeline_html
