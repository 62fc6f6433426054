"""Feedback to the reporter (terugkoppeling): after Veilig Thuis's safety assessment and at the end of
its investigation, the organisation that reported hears whether a follow-up started and who took
the case over, never what was found; on the dossier's timeline and in the reporter's inbox."""
from datetime import timedelta

import pytest
from sqlalchemy import select

from mda.casework.feedback import dossier_feedback
from mda.casework.models import ReporterFeedback
from mda.casework.operations import record_assessment
from mda.core import clock
from mda.dossiers.models import Dossier, Signal
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import login, post_form

SECRET = "moeder is in behandeling voor een verslaving"


@pytest.fixture
def reported(app):
    """A family reported by the school, by the police and by a neighbour, with Veilig Thuis on the
    team of the local team's coordinator."""
    with app.app_context():
        case = make.team_case("Gezin Melder")
        region = case["dossier"].region
        school = make.organisation(region, "Basisschool De Linde", "school")
        make.user(school, "juf", password="pw")
        make.user(case["police"], "agent2", password="pw")
        dossier = case["dossier"]
        today = clock.today()
        dossier.signals[0].reporter_organisation_id = case["police"].id
        dossier.signals.append(Signal(reported_on=today - timedelta(days=3), reporter_kind="professional",
                                      reporter_organisation_id=school.id, violence_type="neglect",
                                      description="Kind komt vaak zonder ontbijt."))
        dossier.signals.append(Signal(reported_on=today - timedelta(days=2), reporter_kind="citizen",
                                      violence_type="psychological", description="Buurvrouw hoort geschreeuw."))
        db.session.commit()
        return {"dossier": dossier.id, "school": school.id, "police": case["police"].id, "vt": case["vt"].id,
                "team": case["team"].id}


def feedback_rows(app, dossier_id):
    with app.app_context():
        return [(f.occasion, f.route, f.organisation.name, f.taken_over_by.name if f.taken_over_by else None,
                 f.text_nl) for f in dossier_feedback(dossier_id)]


def assess(app, dossier_id, route, explanation=SECRET):
    with app.app_context():
        vt = db.session.scalar(select(make.User).where(make.User.username == "vt"))
        record_assessment(vt, db.session.get(Dossier, dossier_id), outcome="structural", route=route,
                          assessed_on=clock.today(), explanation=explanation)
        db.session.commit()


def test_after_the_assessment_each_reporting_organisation_hears_what_follows(app, reported):
    assess(app, reported["dossier"], "mda_plus")
    rows = feedback_rows(app, reported["dossier"])
    assert [(o, r, to, by) for o, r, to, by, _ in rows] == [  # oldest report first; not the neighbour
        ("assessment", "mda_plus", "Basisschool De Linde", "Wijkteam Noord"),
        ("assessment", "mda_plus", "Politie Test", "Wijkteam Noord")]
    text = rows[0][4]
    assert text.startswith(f"Veilig Thuis heeft uw melding van {(clock.today() - timedelta(days=3)):%d-%m-%Y} "
                           "beoordeeld.")
    assert "multidisciplinaire aanpak (MDA++); de casusregie ligt bij Wijkteam Noord" in text
    assert SECRET not in text and "ontbijt" not in text and "structureel" not in text
    with app.app_context():
        items = db.session.execute(select(InboxItem.kind, InboxItem.url, InboxItem.dossier_id, make.User.username)
                                   .join(make.User, make.User.id == InboxItem.user_id)
                                   .where(InboxItem.kind == "reporter_feedback")).all()
        ids = [f.id for f in dossier_feedback(reported["dossier"])]
    assert sorted(tuple(item) for item in items) == sorted([
        ("reporter_feedback", f"/terugkoppeling/{ids[0]}", None, "juf"),
        ("reporter_feedback", f"/terugkoppeling/{ids[1]}", None, "agent"),
        ("reporter_feedback", f"/terugkoppeling/{ids[1]}", None, "agent2")])
    assess(app, reported["dossier"], "conditions")  # a second assessment tells nobody again
    assert len(feedback_rows(app, reported["dossier"])) == 2


def test_veilig_thuis_does_not_feed_back_to_itself(app, reported):
    with app.app_context():
        db.session.add(Signal(dossier_id=reported["dossier"], reported_on=clock.today(), reporter_kind="professional",
                              reporter_organisation_id=reported["vt"], violence_type="physical"))
        db.session.commit()
    assess(app, reported["dossier"], "ended")
    rows = feedback_rows(app, reported["dossier"])
    assert [to for _, _, to, _, _ in rows] == ["Basisschool De Linde", "Politie Test"]
    assert all("Veilig Thuis beëindigt zijn bemoeienis" in text for *_, text in rows)


def test_at_the_end_of_the_investigation_the_reporters_hear_who_took_it_over(app, client, reported):
    assess(app, reported["dossier"], "investigation")
    assert "Veilig Thuis doet onderzoek" in feedback_rows(app, reported["dossier"])[0][4]
    with app.app_context():
        task_id = db.session.scalar(select(Task.id).where(Task.dossier_id == reported["dossier"],
                                                          Task.kind == "investigation"))
    login(client, "vt", "secret-pass")
    page = f"/taken/{task_id}"
    post_form(client, page, {"event": "accept", "version": "1"})
    missing = post_form(client, page, {"event": "complete", "version": "2", "result": SECRET})
    assert missing.status_code == 422
    assert "Kies wat er op het onderzoek volgt" in missing.get_data(as_text=True)
    done = post_form(client, page, {"event": "complete", "version": "2", "result": SECRET, "follow_up": "handover"})
    assert done.status_code == 302
    rows = [row for row in feedback_rows(app, reported["dossier"]) if row[0] == "investigation"]
    assert [(r, to, by) for _, r, to, by, _ in rows] == [("handover", "Basisschool De Linde", "Wijkteam Noord"),
                                                         ("handover", "Politie Test", "Wijkteam Noord")]
    assert all("onderzoek naar aanleiding van uw melding" in text and "overgedragen aan Wijkteam Noord" in text
               and SECRET not in text for *_, text in rows)


def test_the_feedback_is_on_the_timeline_and_the_reporter_reads_it(app, client, reported):
    assess(app, reported["dossier"], "mda_plus")
    with app.app_context():
        school_feedback = db.session.scalar(select(ReporterFeedback.id).where(
            ReporterFeedback.organisation_id == reported["school"]))
    login(client, "coord", "secret-pass")
    timeline = client.get(f"/dossiers/{reported['dossier']}").get_data(as_text=True)
    assert "Terugkoppeling aan Basisschool De Linde" in timeline and "Terugkoppeling aan Politie Test" in timeline
    assert client.get(f"/terugkoppeling/{school_feedback}").status_code == 404  # not the coordinator's
    login(school := app.test_client(), "juf", "pw")
    listing = school.get("/terugkoppeling").get_data(as_text=True)
    assert f"/terugkoppeling/{school_feedback}" in listing and "Gezin Melder" in listing
    page = school.get(f"/terugkoppeling/{school_feedback}").get_data(as_text=True)
    assert "casusregie ligt bij Wijkteam Noord" in page and "Veilig Thuis Test" in page
    assert SECRET not in page and "/dossiers/" not in page
    login(police := app.test_client(), "agent", "secret-pass")
    assert police.get(f"/terugkoppeling/{school_feedback}").status_code == 404
