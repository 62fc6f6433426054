"""The applicant's organisation withdraws its application before the triage meeting decides: through
the application page (a button and a reason, without JavaScript) and through the operation."""
from html import unescape

import pytest
from sqlalchemy import delete, select

from mda.audit.models import AccessLogEntry
from mda.engine.models import TransitionLog
from mda.engine.protection import force_state
from mda.errors import ConflictError, Refused
from mda.extensions import db
from mda.intake.models import Application
from mda.intake.operations import may_apply_for, withdraw_application
from mda.types import utcnow
from tests import factories as make
from tests.intake.support import FAMILY, apply, decide, dossier_id, form_data, latest_application_id, plan
from tests.support.web import csrf_token, login, post_form

REASON = "Het gezin heeft zelf hulp gezocht bij de GGZ; MDA++ is niet meer nodig."
NEEDS_REASON = "Geef een reden op voor deze stap."
NO_RIGHT = "U heeft geen recht om deze stap te zetten."


def applied(app, client, action="submit", *, log_in=True) -> int:
    if log_in:
        login(client, "politie")
    response = apply(client, app, action=action)
    assert response.status_code == 302, response.get_data(as_text=True)
    return latest_application_id(app)


def withdraw(client, application_id: int, reason: str, version=None):
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    if version is None:
        with client.application.app_context():
            version = db.session.get(Application, application_id).version_id
    return client.post(f"/aanmeldingen/{application_id}/intrekken", data={
        "withdraw-reason": reason, "withdraw-version": version, "csrf_token": csrf_token(page)})


def stage(app, application_id: int) -> str:
    with app.app_context():
        return db.session.get(Application, application_id).stage


def denied(app, application_id: int) -> list[AccessLogEntry]:
    with app.app_context():
        return list(db.session.scalars(select(AccessLogEntry).where(
            AccessLogEntry.object == f"application.withdraw:{application_id}", AccessLogEntry.outcome == "denied")
                .order_by(AccessLogEntry.id)))


def test_a_submitted_application_is_withdrawn_with_a_reason_and_leaves_the_triage_list(app, client, demo):
    application_id = applied(app, client)
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Aanmelding intrekken" in page and f"/aanmeldingen/{application_id}/intrekken" in page
    refused = withdraw(client, application_id, "")
    assert refused.status_code == 422 and NEEDS_REASON in refused.get_data(as_text=True)
    assert stage(app, application_id) == "submitted"
    assert [e.detail for e in denied(app, application_id)] == ["reason_required"]

    response = withdraw(client, application_id, REASON)
    assert response.status_code == 302
    with app.app_context():
        row = db.session.get(Application, application_id)
        assert (row.stage, row.withdrawal_reason, row.withdrawn_by.username) == ("withdrawn", REASON, "politie")
        step = db.session.scalar(select(TransitionLog).where(TransitionLog.workflow == "application",
                                                             TransitionLog.object_id == application_id,
                                                             TransitionLog.event == "withdraw"))
        assert (step.from_state, step.to_state, step.reason) == ("submitted", "withdrawn", REASON)
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Ingetrokken" in page and REASON in page
    assert f"/aanmeldingen/{application_id}/intrekken" not in page  # nothing left to withdraw
    listing = client.get("/aanmeldingen").get_data(as_text=True)
    assert "Ingetrokken" in listing and f"Reden: {REASON}" in listing

    triage = app.test_client()
    login(triage, "zvh")
    html = triage.get("/triage").get_data(as_text=True)
    assert html.count(FAMILY) == 1 and html.index("Ingetrokken in de afgelopen 30 dagen") < html.index(FAMILY)
    assert f"Reden: {REASON}" in html
    assert triage.get(f"/aanmeldingen/{application_id}").status_code == 200


def test_a_planned_application_can_be_withdrawn_but_a_decided_one_cannot(app, client, demo):
    first, second = applied(app, client), applied(app, client, log_in=False)
    triage = app.test_client()
    login(triage, "zvh")
    assert plan(triage, first).status_code == 302 and plan(triage, second).status_code == 302
    assert withdraw(client, first, REASON).status_code == 302
    assert stage(app, first) == "withdrawn"
    assert decide(triage, second, decision="not_accepted", reason="Geen structurele onveiligheid.",
                  advice="Hulp via het wijkteam.").status_code == 302
    assert f"/aanmeldingen/{second}/intrekken" not in client.get(f"/aanmeldingen/{second}").get_data(as_text=True)
    refused = withdraw(client, second, REASON)
    assert refused.status_code == 422
    assert '"Aanmelding intrekken" kan niet vanuit "Niet geaccepteerd".' in unescape(refused.get_data(as_text=True))
    assert stage(app, second) == "not_accepted"


def test_a_draft_is_withdrawn_without_a_reason_and_the_triage_meeting_never_sees_it(app, client, demo):
    application_id = applied(app, client, action="draft")
    page = client.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert "Bij een concept niet verplicht." in page
    assert withdraw(client, application_id, "").status_code == 302
    assert stage(app, application_id) == "withdrawn"
    assert client.get(f"/aanmeldingen/{application_id}/wijzigen").status_code == 404
    triage = app.test_client()
    login(triage, "zvh")
    assert triage.get(f"/aanmeldingen/{application_id}").status_code == 404
    assert FAMILY not in triage.get("/triage").get_data(as_text=True)


def test_only_the_applicants_organisation_withdraws(app, client, demo):
    application_id = applied(app, client)
    triage = app.test_client()
    login(triage, "zvh")
    page = triage.get(f"/aanmeldingen/{application_id}").get_data(as_text=True)
    assert f"/aanmeldingen/{application_id}/intrekken" not in page  # no button for the triage meeting
    refused = withdraw(triage, application_id, "Dubbel ingediend.")
    html = refused.get_data(as_text=True)
    assert refused.status_code == 422 and NO_RIGHT in html and "Dubbel ingediend." in html  # the input is kept
    assert stage(app, application_id) == "submitted"
    assert [e.username for e in denied(app, application_id)] == ["zvh"]
    outsider = app.test_client()
    login(outsider, "opvang")
    token = csrf_token(outsider.get("/aanmeldingen").get_data(as_text=True))
    response = outsider.post(f"/aanmeldingen/{application_id}/intrekken", data={
        "withdraw-reason": "x", "withdraw-version": "1", "csrf_token": token})
    assert response.status_code == 404 and stage(app, application_id) == "submitted"


def test_a_withdrawal_without_a_token_or_on_a_stale_page_changes_nothing(app, client, demo):
    application_id = applied(app, client)
    no_token = client.post(f"/aanmeldingen/{application_id}/intrekken",
                           data={"withdraw-reason": REASON, "withdraw-version": "2"})
    assert no_token.status_code == 400
    stale = withdraw(client, application_id, REASON, version="0")
    assert stale.status_code == 409 and stage(app, application_id) == "submitted"


def test_the_family_can_be_applied_for_again_after_a_withdrawal(app, client, demo):
    login(client, "regisseur")
    oztürk = dossier_id(app, "Gezin Öztürk")
    with app.app_context():  # as if the family had been registered without the demo's application
        db.session.execute(delete(Application).where(Application.dossier_id == oztürk))
        db.session.commit()
    data = {key: value for key, value in form_data(app, family_reference="").items()
            if not key.startswith("persons-")}
    data.update({"persons-0-name": "Zeynep Öztürk", "persons-0-role": "victim"})
    response = post_form(client, f"/aanmeldingen/nieuw?dossier={oztürk}", data)
    assert response.status_code == 302, response.get_data(as_text=True)
    first = latest_application_id(app)
    assert post_form(client, f"/aanmeldingen/nieuw?dossier={oztürk}", data).status_code == 422  # one at a time
    assert withdraw(client, first, "Eerst het onderzoek van Veilig Thuis afwachten.").status_code == 302
    section = client.get(f"/dossiers/{oztürk}").get_data(as_text=True)
    assert "Ingetrokken" in section
    assert post_form(client, f"/aanmeldingen/nieuw?dossier={oztürk}", data).status_code == 302
    assert latest_application_id(app) != first


# --- the operation, without the form -----------------------------------------------------------

@pytest.fixture
def people(app_ctx):
    reg = make.region("Regio Intrekken")
    team = make.organisation(reg, "Wijkteam Intrekken")
    coordinator = make.user(team, "coord-intrekken", "coordinator")
    rows = {
        "applicant": make.user(make.organisation(reg, "Politie Intrekken", "police"), "agent-intrekken"),
        "triage": make.user(make.organisation(reg, "ZVH Intrekken", "zvh"), "zvh-intrekken"),
        "coordinator": coordinator,
        "dossier": make.dossier(coordinator, "Gezin Intrekken"),
    }
    db.session.commit()  # a refusal's rollback keeps them
    return rows


def application(people, stage_name: str = "submitted") -> Application:
    applicant = people["applicant"]
    row = Application(region_id=applicant.organisation.region_id, organisation_id=applicant.organisation_id,
                      applicant_id=applicant.id, dossier=people["dossier"], for_existing_dossier=True,
                      family_reference="Gezin Intrekken", reason="Herhaald geweld.", goal="Veiligheid.",
                      submitted_at=None if stage_name == "draft" else utcnow())
    db.session.add(row)
    db.session.flush()
    if stage_name != "draft":
        force_state(row, stage_name)
    db.session.commit()
    return row


def test_the_operation_refuses_without_a_reason_once_submitted_and_changes_nothing(people):
    row = application(people)
    with pytest.raises(Refused) as refused:
        withdraw_application(people["applicant"], row, reason="  ")
    assert [r.code for r in refused.value.reasons] == ["reason_required"]
    assert row.stage == "submitted"
    db.session.rollback()  # what the request boundary does with a refusal
    row = db.session.get(Application, row.id)
    assert (row.stage, row.withdrawn_at, row.withdrawal_reason) == ("submitted", None, "")
    assert db.session.scalar(select(TransitionLog.id).where(TransitionLog.workflow == "application",
                                                            TransitionLog.object_id == row.id)) is None


def test_the_operation_withdraws_and_frees_the_family_for_a_new_application(people):
    row = application(people, "planned")
    assert not may_apply_for(people["dossier"])
    withdraw_application(people["applicant"], row, reason=REASON)
    assert (row.stage, row.withdrawal_reason, row.withdrawn_by_id) == ("withdrawn", REASON,
                                                                        people["applicant"].id)
    assert row.withdrawn_at is not None and row.reached_triage
    assert may_apply_for(people["dossier"])


def test_a_colleague_of_the_applicant_may_withdraw_but_triage_and_others_may_not(people):
    colleague = make.user(people["applicant"].organisation, "collega-intrekken")
    row = application(people)
    for who in ("triage", "coordinator"):
        with pytest.raises(Refused) as refused:
            withdraw_application(people[who], row, reason=REASON)
        assert "no_right" in {r.code for r in refused.value.reasons}, who
        db.session.rollback()
        assert row.stage == "submitted" and row.withdrawn_at is None
    withdraw_application(colleague, row, reason=REASON)
    assert row.stage == "withdrawn"


@pytest.mark.parametrize("decided", ["accepted", "not_accepted"])
def test_a_decided_application_cannot_be_withdrawn(people, decided):
    row = application(people, "planned")
    row.decision_reason = "Besloten."
    force_state(row, decided)
    db.session.flush()
    with pytest.raises(Refused) as refused:
        withdraw_application(people["applicant"], row, reason=REASON)
    assert [r.code for r in refused.value.reasons] == ["not_possible_in_state"]
    assert row.stage == decided


def test_a_draft_is_withdrawn_without_a_reason_and_stays_its_organisations(people):
    from mda.access import Action, can
    row = application(people, "draft")
    withdraw_application(people["applicant"], row)
    assert row.stage == "withdrawn" and not row.reached_triage
    assert can(people["applicant"], Action.APPLICATION_VIEW, row)
    assert not can(people["triage"], Action.APPLICATION_VIEW, row)
    assert not can(people["applicant"], Action.APPLICATION_WITHDRAW, row)


def test_a_stale_withdrawal_is_a_conflict(people):
    row = application(people)
    with pytest.raises(ConflictError):
        withdraw_application(people["applicant"], row, reason=REASON, version=row.version_id - 1)
    assert row.stage == "submitted"


def test_the_database_refuses_a_withdrawn_application_without_its_record(people):
    from sqlalchemy.exc import IntegrityError
    row = application(people)
    with pytest.raises(IntegrityError):
        force_state(row, "withdrawn")
        db.session.flush()
    db.session.rollback()


def test_a_withdrawn_application_does_not_count_as_applied_for_phase_one(people):
    from mda.casework.facts import triage_decision
    row = application(people)
    assert triage_decision(people["dossier"].id) is False  # waiting for triage
    withdraw_application(people["applicant"], row, reason=REASON)
    assert triage_decision(people["dossier"].id) is None
