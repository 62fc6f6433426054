"""Who hears of what, once: new and handed-over tasks, a declined task, invitations to a team and
a conference, a score asked for a review, a new signal, an acute one and a relapse. Whoever caused
the event gets no item about it; an administrator of a partner organisation gets none either."""
from datetime import datetime, time, timedelta

from sqlalchemy import select

from mda.auth.models import User
from mda.conferences import operations as conferences
from mda.core import clock
from mda.dossiers import operations as dossiers
from mda.dossiers.models import Dossier
from mda.engine.protection import force_state
from mda.extensions import db
from mda.reviews import operations as reviews
from mda.tasks.creation import create_tasks
from mda.tasks.models import Task
from tests.inbox.conftest import PASSWORD, items_of
from tests.support.web import form_post, login
from workflows import Label, TaskTemplate


def kinds(app, setup, name):
    return [(item.kind, item.key.split(":", 1)[1], item.url) for item in items_of(app, setup[name])]


def new_task(app, setup, organisation, due=5, kind="other") -> int:
    with app.app_context():
        dossier = db.session.get(Dossier, setup["dossier"])
        template = TaskTemplate(kind, setup[organisation], None, Label("Doe iets", "Do something"),
                                clock.today() + timedelta(days=due), f"test:{organisation}:{kind}")
        [task] = create_tasks(dossier, [template], dossier.coordinator, clock.today())
        db.session.commit()
        return task.id


def test_a_new_task_tells_the_staff_of_its_organisation_but_not_who_made_it(app, region_setup):
    own = new_task(app, region_setup, "team")
    police = new_task(app, region_setup, "police")
    assert kinds(app, region_setup, "coord") == []
    assert kinds(app, region_setup, "collega") == [("task_assigned", f"task:{own}", f"/taken/{own}")]
    assert kinds(app, region_setup, "agent") == [("task_assigned", f"task:{police}", f"/taken/{police}")]
    assert kinds(app, region_setup, "beheer") == [] and kinds(app, region_setup, "ingrid") == []


def test_a_handle_with_care_task_is_urgent_for_the_school(app, region_setup):
    task_id = new_task(app, region_setup, "school", due=1, kind="school_signal")
    [item] = items_of(app, region_setup["juf"])
    assert (item.kind, item.delivery, item.mail_id is not None) == ("school_signal", "now", True)
    assert item.url == f"/taken/{task_id}"


def test_a_declined_task_tells_the_coordinator_and_a_reassigned_one_the_new_organisation(app, region_setup):
    task_id = new_task(app, region_setup, "police")
    agent = app.test_client()
    login(agent, "agent", PASSWORD)
    declined = form_post(agent, f"/taken/{task_id}", {"event": "decline", "reason": "Niet onze taak."})
    assert declined.status_code == 302
    assert kinds(app, region_setup, "coord") == [("task_declined", f"task:{task_id}", f"/taken/{task_id}")]
    coordinator = app.test_client()
    login(coordinator, "coord", PASSWORD)
    due = (clock.today() + timedelta(days=7)).isoformat()
    handed = form_post(coordinator, f"/taken/{task_id}", {"event": "reassign", "due_on": due,
                                                          "organisation_id": str(region_setup["vt"])})
    assert handed.status_code == 302
    with app.app_context():
        successor = db.session.scalar(select(Task.id).where(Task.replaces_id == task_id))
    assert kinds(app, region_setup, "ingrid") == [("task_handed_over", f"task:{successor}", f"/taken/{successor}")]
    assert [k for k, _, _ in kinds(app, region_setup, "agent")] == ["task_assigned"]  # nothing more


def as_user(app, name):
    context = app.test_request_context()
    context.push()
    return context, db.session.scalar(select(User).where(User.username == name))


def test_an_invitation_to_the_team_tells_the_invited_organisation(app, region_setup):
    context, coord = as_user(app, "coord")
    try:
        from tests import factories as make
        from mda.orgs.models import Region
        care = make.organisation(db.session.get(Region, region_setup["region"]), "GGZ Test", "care")
        therapist = make.user(care, "ggz", password=PASSWORD)
        membership = dossiers.add_team_member(coord, db.session.get(Dossier, region_setup["dossier"]),
                                              organisation_id=care.id, team_role="care", legal_basis="consent")
        db.session.commit()
        therapist_id, membership_id = therapist.id, membership.id
    finally:
        context.pop()
    [item] = items_of(app, therapist_id)
    assert (item.kind, item.key, item.url) == ("team_invitation", f"team_invitation:membership:{membership_id}",
                                              "/taken#uitnodigingen")


def test_a_review_asks_the_scoring_partners_for_their_score(app, region_setup):
    with app.app_context():
        force_state(db.session.get(Dossier, region_setup["dossier"]), "safety")
        db.session.commit()
    context, coord = as_user(app, "coord")
    try:
        review = reviews.open_review(coord, db.session.get(Dossier, region_setup["dossier"]))
        db.session.commit()
        review_id = review.id
    finally:
        context.pop()
    url = f"/dossiers/{region_setup['dossier']}/veiligheidsscores/{review_id}"
    for name in ("ingrid", "agent"):
        assert kinds(app, region_setup, name) == [("score_requested", f"review:{review_id}", url)], name
    # The coordinator's own organisation is not asked: the team score rests on the partners' scores.
    assert kinds(app, region_setup, "coord") == kinds(app, region_setup, "collega") == []


def test_a_conference_invitation_reaches_each_invited_partner_once(app, region_setup):
    context, coord = as_user(app, "coord")
    try:
        dossier = db.session.get(Dossier, region_setup["dossier"])
        day = clock.today() + timedelta(days=7)
        values = {"held_on": day, "starts_at": time(10), "ends_at": time(11), "place": "Stadskantoor",
                  "video_link": "", "agenda": "Veiligheid", "partner_ids": [region_setup["police"]], "persons": []}
        conference = conferences.plan_conference(coord, dossier, values, now=datetime.combine(clock.today(), time(9)))
        db.session.commit()
        conferences.update_conference(coord, conference, {**values, "partner_ids": [region_setup["police"],
                                                                                    region_setup["vt"]]},
                                      now=datetime.combine(clock.today(), time(9)))
        db.session.commit()
        conference_id = conference.id
    finally:
        context.pop()
    url = f"/dossiers/{region_setup['dossier']}/casusoverleg/{conference_id}"
    for name in ("agent", "ingrid"):
        assert kinds(app, region_setup, name) == [("conference_invitation", f"conference:{conference_id}", url)]


def signal(app, setup, name, **values):
    context, user = as_user(app, name)
    try:
        row = dossiers.add_signal(user, db.session.get(Dossier, setup["dossier"]), **{
            "reported_on": clock.today(), "reporter_kind": "police", "violence_type": "physical",
            "description": "", **values})
        db.session.commit()
        return row.id
    finally:
        context.pop()


def test_a_signal_tells_the_coordinator_and_the_team_as_new_acute_or_a_relapse(app, region_setup):
    new = signal(app, region_setup, "agent")
    acute = signal(app, region_setup, "agent", acute=True)
    with app.app_context():
        force_state(db.session.get(Dossier, region_setup["dossier"]), "safety")
        db.session.commit()
    relapse = signal(app, region_setup, "coord")
    url = f"/dossiers/{region_setup['dossier']}"
    assert kinds(app, region_setup, "coord") == [("new_signal", f"signal:{new}", url),
                                                  ("acute_signal", f"signal:{acute}", url)]
    signals = ("new_signal", "acute_signal", "relapse")
    assert [key for kind, key, _ in kinds(app, region_setup, "ingrid") if kind in signals] == [
        f"signal:{new}", f"signal:{acute}", f"signal:{relapse}"]
    assert [kind for kind, _, _ in kinds(app, region_setup, "ingrid") if kind in signals] == list(signals)
    assert [kind for kind, _, _ in kinds(app, region_setup, "agent") if kind in signals] == ["relapse"]
    assert kinds(app, region_setup, "juf") == [] and kinds(app, region_setup, "beheer") == []
