"""The demo region shows a closed case with an accepted handover (Gezin Smit) and one reopened by a new
report after closure (Gezin Timmermans), both made through the real operations."""
from sqlalchemy import select

from mda.closing.models import Handover, ReopeningDecision
from mda.dossiers.models import Dossier, Signal
from mda.engine.models import TransitionLog
from mda.extensions import db
from tests.support.web import login


def dossier_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def test_gezin_smit_closed_with_an_accepted_monitoring_agreement(app, client, demo):
    smit = dossier_id(app, "Gezin Smit")
    with app.app_context():
        handover = db.session.scalar(select(Handover).where(Handover.dossier_id == smit))
        assert (handover.state, handover.organisation.name, handover.frequency) == (
            "accepted", "Wijkteam Voorbeeld-Noord", "monthly")
        assert handover.answered_on <= db.session.get(Dossier, smit).updated_at.date()
        assert handover.until > handover.answered_on
    login(client, "regisseur")
    page = client.get(f"/dossiers/{smit}").get_data(as_text=True)
    assert "Wijkteam Voorbeeld-Noord (aanvaard op" in page
    agreement = client.get(f"/dossiers/{smit}/zicht-op-veiligheid").get_data(as_text=True)
    assert "Houdt zicht op veiligheid: Wijkteam Voorbeeld-Noord" in agreement and "elke maand" in agreement


def test_gezin_timmermans_was_reopened_by_veilig_thuis_after_a_new_report(app, client, demo):
    timmermans = dossier_id(app, "Gezin Timmermans")
    with app.app_context():
        assert db.session.get(Dossier, timmermans).state == "safety"
        events = list(db.session.scalars(select(TransitionLog.event).where(
            TransitionLog.dossier_id == timmermans, TransitionLog.workflow == "case").order_by(TransitionLog.id)))
        assert events[-2:] == ["close", "reopen"] and "start_monitoring" in events
        decision = db.session.scalar(select(ReopeningDecision).where(ReopeningDecision.dossier_id == timmermans))
        assert (decision.state, decision.holder.name, decision.decided_by.username) == (
            "reopened", "Veilig Thuis Regio Voorbeeld", "veiligthuis")
        re_report = db.session.get(Signal, decision.signal_id)
        assert re_report.dossier_closed_on == decision.closed_on < re_report.reported_on
        assert db.session.scalar(select(Handover.state).where(Handover.dossier_id == timmermans)) == "ended"
    login(client, "veiligthuis")
    page = client.get(f"/dossiers/{timmermans}/tijdlijn").get_data(as_text=True)
    timeline = page[page.index('id="tijdlijn"'):]
    assert "Heropenen na een nieuwe melding" in timeline and "Casus afsluiten" in timeline
    decisions = client.get(f"/dossiers/{timmermans}/heropenen").get_data(as_text=True)
    assert "heropend" in decisions and "Nieuwe politie-inzet na de afsluiting" in decisions
