"""Confirming the safety plan: every partner confirms the current version; a substantive change
voids the confirmations, a change of the internal notes does not; the workflow guard sees the
result. Through the Flask test client on the demo region."""

from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.core import available
from mda.extensions import db
from mda.reviews.models import SafetyReview
from mda.safetyplan.operations import reopen
from mda.tasks.models import Task
from tests.safetyplan.support import PARTS, agreement, confirm, dossier_id, org_id, plans, save, user_client
from tests.support.web import QueryCounter, csrf_token

FAMILY = "Gezin Bakker-Yilmaz"  # phase 1, no plan yet
PARTNERS = ("regisseur", "veiligthuis", "politie", "ggz", "opvang")


def confirmed_by(plan) -> set[int]:
    return {c.organisation_id for c in plan.confirmations}


def drafted(app):
    dossier = dossier_id(app, FAMILY)
    assert save(user_client(app, "regisseur"), dossier, **PARTS).status_code == 302
    return dossier


def test_a_partner_confirms_the_current_version_and_its_contribution_task_is_done(app, demo):
    dossier = drafted(app)
    vt = org_id(app, "Veilig Thuis")
    client = user_client(app, "veiligthuis")
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert "Versie 1 bevestigen" in page
    response = confirm(client, dossier, 1)
    assert response.status_code == 302
    assert confirmed_by(plans(app, dossier)[0]) == {vt}
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.dossier_id == dossier, Task.organisation_id == vt,
                                                    Task.kind == "safety_plan_contribution"))
        assert task.state == "done" and task.result == "Veiligheidsplan versie 1 bevestigd"
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    section = page[page.index('id="veiligheidsplan"'):]
    section = section[:section.index("</section>")]
    confirmed, missing = section.split("Nog niet bevestigd door")
    assert "Veilig Thuis Regio Voorbeeld" in confirmed and "Veilig Thuis Regio Voorbeeld" not in missing
    assert "Politie Eenheid Voorbeeld" in missing and "Versie 1 bevestigen" not in section


def test_confirming_twice_is_harmless(app, demo):
    dossier = drafted(app)
    client = user_client(app, "politie")
    assert confirm(client, dossier, 1).status_code == 302
    again = confirm(client, dossier, 1)
    assert again.status_code == 302
    assert "had deze versie al bevestigd" in client.get(again.location).get_data(as_text=True)
    assert len(plans(app, dossier)[0].confirmations) == 1


def test_confirming_an_outdated_version_is_refused_and_changes_nothing(app, demo):
    dossier = drafted(app)
    client = user_client(app, "veiligthuis")
    stale_page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    save(user_client(app, "regisseur"), dossier, consequences="Bij overtreding volgt een huisverbod.")
    response = client.post(f"/dossiers/{dossier}/veiligheidsplan/bevestigen",
                           data={"version": 1, "csrf_token": csrf_token(stale_page)})
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "U bevestigde versie 1, maar dat is niet meer de huidige versie" in html and "versie 2" in html
    assert all(not plan.confirmations for plan in plans(app, dossier))
    with app.app_context():
        task = db.session.scalar(select(Task).where(
            Task.dossier_id == dossier, Task.kind == "safety_plan_contribution",
            Task.organisation_id == org_id(app, "Veilig Thuis")))
        assert task.state == "open"


def test_a_substantive_change_voids_the_confirmations(app, demo):
    dossier = drafted(app)
    for username in ("veiligthuis", "politie"):
        confirm(user_client(app, username), dossier, 1)
    assert save(user_client(app, "ggz"), dossier, warning_signals="Vader zoekt contact via de kinderen.",
                change_summary="Nieuw signaal").status_code == 302
    first, second = plans(app, dossier)
    assert len(first.confirmations) == 2 and second.substantive and second.confirmations == []
    page = user_client(app, "veiligthuis").get(f"/dossiers/{dossier}").get_data(as_text=True)
    assert "Versie 2 bevestigen" in page


def test_a_change_of_the_internal_notes_keeps_the_confirmations(app, demo):
    dossier = drafted(app)
    for username in ("veiligthuis", "politie"):
        confirm(user_client(app, username), dossier, 1)
    response = save(user_client(app, "ggz"), dossier, internal_notes="Vader is aangemeld bij de verslavingszorg.")
    assert response.status_code == 302
    first, second = plans(app, dossier)
    assert not second.substantive and second.internal_notes.startswith("Vader is aangemeld")
    assert confirmed_by(second) == confirmed_by(first) == {org_id(app, "Veilig Thuis"), org_id(app, "Politie")}
    assert {c.id for c in first.confirmations}.isdisjoint({c.id for c in second.confirmations})


def test_when_every_partner_confirmed_and_the_score_is_high_enough_phase_two_can_start(app, demo):
    dossier = drafted(app)
    with app.app_context():
        blocked = next(a for a in available(db.session.get(Dossier, dossier),
                                               db.session.get(Dossier, dossier).coordinator)
                       if a.event == "start_risk_care")
        assert "safety_plan_unconfirmed" in {r.code for r in blocked.reasons}
    for username in PARTNERS:
        assert confirm(user_client(app, username), dossier, 1).status_code == 302
    with app.app_context():
        row = db.session.get(Dossier, dossier)
        db.session.add(SafetyReview(dossier_id=dossier, phase="safety", held_on=clock.today(), team_score=6,
                                    status="closed", author_id=row.coordinator_id))
        db.session.flush()
        action = next(a for a in available(row, row.coordinator) if a.event == "start_risk_care")
        assert action.allowed, [r.nl for r in action.reasons]
        db.session.rollback()


def test_the_dossier_section_uses_a_fixed_number_of_queries(app, demo):
    empty, full = dossier_id(app, "Gezin El Idrissi"), drafted(app)
    client = user_client(app, "regisseur")
    for username in ("veiligthuis", "politie"):
        confirm(user_client(app, username), full, 1)
    counts = []
    for dossier in (empty, full):
        client.get(f"/dossiers/{dossier}")
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            html = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
        assert 'id="veiligheidsplan"' in html
        counts.append(counter.count)
    assert counts[0] == counts[1], counts


def test_only_the_team_confirms(app, demo):
    dossier = drafted(app)
    for username in ("school", "stuurgroep", "reclassering", "buiten"):
        client = user_client(app, username)
        page = client.get("/taken").get_data(as_text=True)
        response = client.post(f"/dossiers/{dossier}/veiligheidsplan/bevestigen",
                               data={"version": 1, "csrf_token": csrf_token(page)})
        assert response.status_code == 404, username
    assert plans(app, dossier)[0].confirmations == []


def test_reopening_after_a_relapse_keeps_the_agreements_and_asks_for_new_confirmations(app, demo):
    dossier = dossier_id(app, FAMILY)
    police = org_id(app, "Politie")
    save(user_client(app, "regisseur"), dossier, **PARTS, internal_notes="Intern.",
         **agreement(0, "Politie rijdt langs.", f"org:{police}", "2030-03-02"))
    confirm(user_client(app, "politie"), dossier, 1)
    with app.test_request_context():
        row = db.session.get(Dossier, dossier)
        reopened = reopen(row, row.coordinator)
        db.session.commit()
        assert reopened.version == 2
    first, second = plans(app, dossier)
    assert second.substantive and second.confirmations == [] and second.internal_notes == "Intern."
    kept = [(a.description, a.task_id) for a in second.agreements]
    assert kept == [(a.description, a.task_id) for a in first.agreements]
    assert second.danger_statement == first.danger_statement


def contribution_tasks(app, dossier, organisation):
    with app.app_context():
        return [(task.state, task.title_nl) for task in db.session.scalars(
            select(Task).where(Task.dossier_id == dossier, Task.kind == "safety_plan_contribution",
                               Task.organisation_id == organisation).order_by(Task.id))]


def test_a_partner_whose_confirmation_was_voided_is_asked_again_by_a_task(app, demo):
    dossier = drafted(app)
    police, vt = org_id(app, "Politie"), org_id(app, "Veilig Thuis")
    confirm(user_client(app, "politie"), dossier, 1)
    assert [state for state, _ in contribution_tasks(app, dossier, police)] == ["done"]
    assert save(user_client(app, "ggz"), dossier, warning_signals="Vader zoekt contact via de kinderen.",
                change_summary="Nieuw signaal").status_code == 302
    assert contribution_tasks(app, dossier, police) == [
        ("done", "Bijdragen aan het veiligheidsplan en het plan bevestigen"),
        ("open", "Het gewijzigde veiligheidsplan lezen en opnieuw bevestigen")]
    # Veilig Thuis had not confirmed yet: it keeps its one open task, no second one.
    assert [state for state, _ in contribution_tasks(app, dossier, vt)] == ["open"]
    client = user_client(app, "politie")
    assert "Het gewijzigde veiligheidsplan lezen en opnieuw bevestigen" in client.get("/taken").get_data(as_text=True)
    # A second substantive change while the task is open does not add another.
    changed = save(user_client(app, "ggz"), dossier, consequences="Bij overtreding volgt een huisverbod.")
    assert changed.status_code == 302
    assert len(contribution_tasks(app, dossier, police)) == 2
    assert confirm(client, dossier, 3).status_code == 302
    assert [state for state, _ in contribution_tasks(app, dossier, police)] == ["done", "done"]
    with app.app_context():
        from mda.audit.models import AccessLogEntry
        assert db.session.scalar(select(AccessLogEntry).where(AccessLogEntry.object == "safety_plan.confirm_again"))


def test_a_change_of_the_internal_notes_asks_nobody_again(app, demo):
    dossier = drafted(app)
    police = org_id(app, "Politie")
    confirm(user_client(app, "politie"), dossier, 1)
    save(user_client(app, "ggz"), dossier, internal_notes="Alleen een interne notitie.")
    assert [state for state, _ in contribution_tasks(app, dossier, police)] == ["done"]


def test_reopening_after_a_relapse_asks_the_partners_again(app, demo):
    dossier = drafted(app)
    police = org_id(app, "Politie")
    confirm(user_client(app, "politie"), dossier, 1)
    with app.test_request_context():
        row = db.session.get(Dossier, dossier)
        reopen(row, row.coordinator)
        db.session.commit()
    assert [state for state, _ in contribution_tasks(app, dossier, police)] == ["done", "open"]
