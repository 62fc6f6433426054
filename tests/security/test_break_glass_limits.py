"""Break the glass reads only, for a limited time, without health data, only for the kinds of
organisation the region allows; a negative review ends it at once, a cool-down follows it, and
every use is listed for the coordinator and the region's administrator."""
import re
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.conferences.models import Conference
from mda.dossiers.models import BreakGlassGrant, Dossier, Person, TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation, Region
from mda.closing.models import Handover
from mda.careplan.models import CareGoal
from mda.reviews.models import RestrainingOrder, RiskAssessment, SafetyReview
from mda.tasks.models import Task
from mda.types import utcnow
from mda.engine.protection import force_state
from tests.support.web import csrf_token, login, post_form

REASON = "Melding van geweld in de woning nu; collega ter plaatse heeft de gezinsinformatie nodig."
# Pages an emergency grant lets its user read; every other page of the dossier is refused.
READABLE = {"dossiers.show", "casework.timeline_page",
            "safetyplan.show", "safetyplan.history", "safetyplan.compare_versions",
            "reviews.review", "reviews.trend_chart", "conferences.index", "conferences.show",
            "reviews.risk_assessment", "reviews.order", "closing.handover", "closing.reopening"}
REDIRECTS_TO_READABLE = {"reviews.score", "reviews.close"}  # their GET shows the review page
# What the access log, sessions and throttling write while the sweep runs; everything else must
# stay exactly as it was.
BOOKKEEPING = {"access_log", "access_log_head", "user_session", "login_attempt", "login_throttle"}


def dossier_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def break_glass(client, reference, reason=REASON):
    return post_form(client, "/noodtoegang", {"reference": reference, "acute": "y", "reason": reason})


def move_clock(monkeypatch, delta):
    """Moves the clock of the access rules and of emergency access (not of the login session)."""
    moved = utcnow() + delta
    for module in ("mda.access.policy", "mda.emergency.operations"):
        monkeypatch.setattr(f"{module}.utcnow", lambda: moved)


def set_region(app, **values):
    with app.app_context():
        for region in db.session.scalars(select(Region)):
            for name, value in values.items():
                setattr(region, name, value)
        db.session.commit()


def table_rows(app) -> dict:
    with app.app_context():
        return {table.name: [tuple(row) for row in db.session.execute(select(table).order_by(*table.primary_key))]
                for table in db.metadata.sorted_tables if table.name not in BOOKKEEPING}


def _ids(target: int) -> dict:
    """A real id for every other argument of the dossier's routes (None: the dossier has none)."""
    first = lambda stmt: db.session.scalar(stmt.limit(1))  # noqa: E731
    return {
        "person_id": first(select(Person.id).where(Person.dossier_id == target)),
        "membership_id": first(select(TeamMembership.id).where(TeamMembership.dossier_id == target)),
        "review_id": first(select(SafetyReview.id).where(SafetyReview.dossier_id == target)),
        "goal_id": first(select(CareGoal.id).where(CareGoal.dossier_id == target)),
        "conference_id": first(select(Conference.id).where(Conference.dossier_id == target)),
        "grant_id": first(select(BreakGlassGrant.id).where(BreakGlassGrant.dossier_id == target)),
        "assessment_id": first(select(RiskAssessment.id).where(RiskAssessment.dossier_id == target)),
        "order_id": first(select(RestrainingOrder.id).where(RestrainingOrder.dossier_id == target)),
        "handover_id": first(select(Handover.id).where(Handover.dossier_id == target)),
    }


def dossier_requests(app, target):
    """(method, path, endpoint) of every route of one dossier, and of its tasks."""
    with app.app_context():
        ids = {"dossier_id": target, **_ids(target)}
        task_ids = list(db.session.scalars(select(Task.id).where(Task.dossier_id == target)))
    found = []
    for rule in app.url_map.iter_rules():
        if "dossier_id" not in rule.arguments or any(ids[name] is None for name in rule.arguments):
            continue
        path = rule.build({name: ids[name] for name in rule.arguments})[1]
        found += [(method, path, rule.endpoint) for method in ("GET", "POST") if method in rule.methods]
    found += [(method, f"/taken/{task_id}", "tasks.show") for task_id in task_ids for method in ("GET", "POST")]
    found += [(method, f"/aanmeldingen/nieuw?dossier={target}", "intake.new") for method in ("GET", "POST")]
    return found


@pytest.mark.parametrize("username,reference", [
    ("politie", "Gezin Kowalski"),  # a care plan with goals, three reviews
    ("politie", "Gezin Kramer"),  # a case conference
    ("veiligthuis", "Gezin Pinas"),  # Veilig Thuis records assessments, but not through a grant
])
def test_emergency_access_reads_only_and_refuses_every_change_and_export(app, demo, username, reference):
    target = dossier_id(app, reference)
    client = app.test_client()
    login(client, username)
    assert break_glass(client, reference).status_code == 302
    page = client.get(f"/dossiers/{target}").get_data(as_text=True)
    assert "noodtoegang" in page.lower() and f"/dossiers/{target}/notes" not in page  # no note form
    token = csrf_token(page)
    before = table_rows(app)
    for method, path, endpoint in dossier_requests(app, target):
        if method == "GET":
            response = client.get(path)
            expected = 200 if endpoint in READABLE else 302 if endpoint in REDIRECTS_TO_READABLE else 404
        else:
            response = client.post(path, data={"csrf_token": token, "version": "1", "note": "x", "body": "x",
                                               "kind": "fact", "score": "5", "rationale": "x", "reason": "x"})
            expected = 405 if endpoint in READABLE else 404
        assert response.status_code == expected, (method, path)
    assert table_rows(app) == before  # nothing changed: no note, plan version, confirmation, score
    with app.app_context():
        refused = db.session.scalars(select(AccessLogEntry).where(
            AccessLogEntry.username == username, AccessLogEntry.dossier_id == target,
            AccessLogEntry.outcome == "denied")).all()
        # each refusal on the dossier's pages is marked for the coordinator's review (the calendar
        # invitation and a new application check their own object, not the dossier's page)
        assert refused and [(e.object, e.purpose) for e in refused if e.purpose != "break_glass"
                            and e.action != "export" and e.object != "application.create"] == []


def test_no_health_data_through_emergency_access_even_for_care_staff(app, demo):
    set_region(app, break_glass_kinds="vt police care")
    target = dossier_id(app, "Gezin Visser")  # two trauma screenings
    client = app.test_client()
    login(client, "ggz")
    hidden = "Screenings zijn gezondheidsinformatie"
    assert hidden not in client.get(f"/dossiers/{target}").get_data(as_text=True)  # on the team: sees them
    with app.app_context():
        membership = db.session.scalar(select(TeamMembership).join(Organisation).where(
            TeamMembership.dossier_id == target, Organisation.kind == "care"))
        force_state(membership, "left")
        screened = db.session.scalar(select(Person.id).where(Person.dossier_id == target, Person.role == "victim"))
        db.session.commit()
    assert client.get(f"/dossiers/{target}").status_code == 404
    assert break_glass(client, "Gezin Visser").status_code == 302
    page = client.get(f"/dossiers/{target}").get_data(as_text=True)
    assert "noodtoegang" in page.lower() and hidden in page
    assert client.get(f"/dossiers/{target}/traumascreening/{screened}").status_code == 404


@pytest.mark.parametrize("username", ["wijkteam", "ggz", "zvh", "opvang"])
def test_only_veilig_thuis_and_the_police_may_break_the_glass_by_default(app, demo, username):
    client = app.test_client()
    login(client, username)
    assert 'href="/noodtoegang"' not in client.get("/dossiers").get_data(as_text=True)
    page = client.get("/noodtoegang")
    assert page.status_code == 403 and "Veilig Thuis en de politie" in page.get_data(as_text=True)
    token = csrf_token(client.get("/dossiers").get_data(as_text=True))
    response = client.post("/noodtoegang", data={"reference": "Gezin Kowalski", "acute": "y", "reason": REASON,
                                                 "csrf_token": token})
    assert response.status_code == 403
    with app.app_context():
        assert db.session.scalar(select(func.count(BreakGlassGrant.id))) == 0
        refusal = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.username == username,
                                                                 AccessLogEntry.object == "break_glass.request"))
        assert refusal.outcome == "denied" and refusal.purpose == "break_glass"
    police = app.test_client()
    login(police, "politie")
    assert 'href="/noodtoegang"' in police.get("/dossiers").get_data(as_text=True)


def test_a_grant_lasts_the_regions_hours(app, demo, monkeypatch):
    target = dossier_id(app, "Gezin Kowalski")
    client = app.test_client()
    login(client, "politie")
    break_glass(client, "Gezin Kowalski")
    move_clock(monkeypatch, timedelta(hours=3, minutes=59))
    assert client.get(f"/dossiers/{target}").status_code == 200
    move_clock(monkeypatch, timedelta(hours=4, minutes=1))
    assert client.get(f"/dossiers/{target}").status_code == 404
    monkeypatch.undo()
    set_region(app, break_glass_hours=1)
    other = app.test_client()
    login(other, "veiligthuis")
    target = dossier_id(app, "Gezin Pinas")
    break_glass(other, "Gezin Pinas")
    move_clock(monkeypatch, timedelta(minutes=61))
    assert other.get(f"/dossiers/{target}").status_code == 404


def review(app, target, outcome, note="Geen acute situatie; de regisseur was bereikbaar."):
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    with app.app_context():
        grant_id = db.session.scalar(select(BreakGlassGrant.id).where(BreakGlassGrant.dossier_id == target)
                                     .order_by(BreakGlassGrant.id.desc()))
    path = f"/dossiers/{target}/noodtoegang/{grant_id}"
    return post_form(coordinator, path, {"outcome": outcome, "note": note}), grant_id


def test_a_review_that_finds_the_access_not_justified_ends_it_at_once(app, demo):
    target = dossier_id(app, "Gezin Kowalski")
    officer = app.test_client()
    login(officer, "politie")
    break_glass(officer, "Gezin Kowalski")
    assert officer.get(f"/dossiers/{target}").status_code == 200
    refused = review(app, target, "")[0]
    assert refused.status_code == 422  # an outcome is required
    assert officer.get(f"/dossiers/{target}").status_code == 200
    done, grant_id = review(app, target, "not_justified")
    assert done.status_code == 302
    assert officer.get(f"/dossiers/{target}").status_code == 404
    with app.app_context():
        grant = db.session.get(BreakGlassGrant, grant_id)
        assert grant.review_outcome == "not_justified" and grant.reviewed_at is not None
        ended = db.session.scalar(select(AccessLogEntry)
                                  .where(AccessLogEntry.object == f"break_glass.ended:{grant_id}"))
        assert ended.username == "regisseur" and "not justified" in ended.detail


def test_a_justified_review_leaves_the_access_running(app, demo):
    target = dossier_id(app, "Gezin Kowalski")
    officer = app.test_client()
    login(officer, "politie")
    break_glass(officer, "Gezin Kowalski")
    assert review(app, target, "justified", "Terecht gebruikt.")[0].status_code == 302
    assert officer.get(f"/dossiers/{target}").status_code == 200


def test_no_new_request_for_the_same_dossier_during_the_cool_down(app, demo, monkeypatch):
    target = dossier_id(app, "Gezin Kowalski")
    client = app.test_client()
    login(client, "politie")
    assert break_glass(client, "Gezin Kowalski").status_code == 302
    again = break_glass(client, "Gezin Kowalski")  # still running: no second grant
    assert again.status_code == 422 and "24 uur" in again.get_data(as_text=True)
    move_clock(monkeypatch, timedelta(hours=4 + 23))  # ended 23 hours ago
    assert client.get(f"/dossiers/{target}").status_code == 404
    assert break_glass(client, "Gezin Kowalski").status_code == 422
    assert break_glass(client, "Gezin Kramer").status_code == 302  # another dossier is not cooling down
    move_clock(monkeypatch, timedelta(hours=4 + 24, minutes=1))
    assert break_glass(client, "Gezin Kowalski").status_code == 302
    with app.app_context():
        assert db.session.scalar(select(func.count(BreakGlassGrant.id)).where(
            BreakGlassGrant.dossier_id == target)) == 2
        refusals = db.session.scalars(select(AccessLogEntry.detail).where(
            AccessLogEntry.object == "break_glass.request", AccessLogEntry.outcome == "denied")).all()
        assert refusals.count("cool-down after an earlier emergency access") == 2


def test_the_cool_down_runs_from_a_negative_review(app, demo, monkeypatch):
    set_region(app, break_glass_cooldown_hours=2)
    target = dossier_id(app, "Gezin Kowalski")
    officer = app.test_client()
    login(officer, "politie")
    break_glass(officer, "Gezin Kowalski")
    review(app, target, "not_justified")
    assert break_glass(officer, "Gezin Kowalski").status_code == 422
    move_clock(monkeypatch, timedelta(hours=1, minutes=59))
    assert break_glass(officer, "Gezin Kowalski").status_code == 422
    move_clock(monkeypatch, timedelta(hours=2, minutes=1))
    assert break_glass(officer, "Gezin Kowalski").status_code == 302


MARKUP_REASON = "Acute situatie <script>alert('glas')</script> bij de voordeur, geen tijd."
ESCAPED = "&lt;script&gt;alert(&#39;glas&#39;)&lt;/script&gt;"


def _use_the_grant(app):
    target = dossier_id(app, "Gezin Kowalski")
    officer = app.test_client()
    login(officer, "politie")
    break_glass(officer, "Gezin Kowalski", MARKUP_REASON)
    assert officer.get(f"/dossiers/{target}/veiligheidsplan").status_code == 200
    assert officer.get(f"/dossiers/{target}/veiligheidsplan/bewerken").status_code == 404
    return target


def test_the_coordinator_sees_every_use_with_what_was_viewed(app, demo):
    target = _use_the_grant(app)
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    section = coordinator.get(f"/dossiers/{target}").get_data(as_text=True).split('id="toegang"')[1]
    assert "Rob van Dijk" in section and "Politie Eenheid Voorbeeld" in section
    assert ESCAPED in section and "<script>alert" not in section
    assert f"/dossiers/{target}/veiligheidsplan" in section  # what was viewed
    assert "nog niet beoordeeld" in section
    review(app, target, "not_justified")
    section = coordinator.get(f"/dossiers/{target}").get_data(as_text=True).split('id="toegang"')[1]
    assert "Niet terecht" in section and "Geen acute situatie" in section


def test_the_regions_administrator_sees_every_use_without_dossier_content(app, demo):
    target = _use_the_grant(app)
    review(app, target, "justified", "Terecht gebruikt.")
    admin = app.test_client()
    login(admin, "beheer")
    page = admin.get("/beheer/noodtoegang")
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    assert "Rob van Dijk" in html and "Politie Eenheid Voorbeeld" in html and ESCAPED in html
    assert "<script>alert" not in html
    assert f"/dossiers/{target}/veiligheidsplan" in html and "Terecht" in html and "Terecht gebruikt." in html
    assert "Gezin Kowalski" not in html and "Dossier %d" % target in html
    with app.app_context():
        listed = db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object == "break_glass.list"))
        assert listed.username == "beheer" and listed.dossier_id == target
    for username in ("regisseur", "politie"):
        other = app.test_client()
        login(other, username)
        assert other.get("/beheer/noodtoegang").status_code == 404


def test_the_administrator_sets_who_may_break_the_glass_and_for_how_long(app, demo):
    admin = app.test_client()
    login(admin, "beheer")
    page = admin.get("/beheer/noodtoegang").get_data(as_text=True)
    assert re.search(r'value="vt" checked', page) and re.search(r'value="police" checked', page)
    assert 'value="school"' not in page
    bad = post_form(admin, "/beheer/noodtoegang", {"kinds": ["vt"], "hours": "0", "cooldown_hours": "24"})
    assert bad.status_code == 422
    saved = post_form(admin, "/beheer/noodtoegang",
                      {"kinds": ["vt", "police", "local_team"], "hours": "2", "cooldown_hours": "12"})
    assert saved.status_code == 302
    with app.app_context():
        region = db.session.scalar(select(Region).join(Organisation).join(User).where(User.username == "beheer"))
        assert (region.break_glass_kinds, region.break_glass_hours, region.break_glass_cooldown_hours) == (
            "vt local_team police", 2, 12)
    coordinator = app.test_client()
    login(coordinator, "wijkteam")  # coordinator of another local team
    assert break_glass(coordinator, "Gezin Kowalski").status_code == 302
    with app.app_context():
        grant = db.session.scalar(select(BreakGlassGrant))
        assert grant.expires_at - grant.granted_at == timedelta(hours=2)


def test_the_access_log_shows_what_was_viewed_and_why_escaped(app, demo):
    target = _use_the_grant(app)
    coordinator = app.test_client()
    login(coordinator, "regisseur")
    html = coordinator.get(f"/dossiers/{target}/access-log").get_data(as_text=True)
    assert ESCAPED in html and "<script>alert" not in html
    assert "break_glass.granted" in html and f"/dossiers/{target}/veiligheidsplan" in html
    assert "plan.edit" in html  # the refused edit, and what it was
