"""Drafting the safety plan: versions that are never overwritten, agreements that become tasks
without duplicates, the conditions that only Veilig Thuis sets, concurrent edits and the
comparison of versions. Through the Flask test client on the demo region."""
from datetime import date

import pytest
from sqlalchemy import select

from mda.auth.models import User
from mda.dossiers.models import Dossier
from mda.errors import RuleError
from mda.extensions import db
from mda.safetyplan import operations as ops
from mda.tasks.models import Task
from tests.safetyplan.support import (PARTS, agreement, dossier_id, edit_path, org_id, person_id, plan_form,
                                      plans, save, user_client)
from tests.support.web import csrf_token

FAMILY = "Gezin Bakker-Yilmaz"  # phase 1, no plan yet; Veilig Thuis is on the team


def agreement_tasks(app, dossier):
    with app.app_context():
        rows = db.session.scalars(select(Task).where(Task.dossier_id == dossier, Task.kind == "safety_agreement")
                                  .order_by(Task.id)).all()
        return [(t.id, t.organisation_id, t.person_id, t.due_on, t.state, t.title_nl) for t in rows]


def draft(app, client, dossier):
    police, sanne = org_id(app, "Politie"), person_id(app, "Sanne Bakker")
    return save(client, dossier, **PARTS, internal_notes="Vader ontkent; voorzichtig benaderen.",
                **agreement(0, "Politie rijdt extra surveillance langs de woning.", f"org:{police}", "2030-03-02"),
                **agreement(2, "Moeder belt bij dreiging direct 112.", f"person:{sanne}", "2030-03-16"))


def test_the_team_drafts_the_first_version_with_three_empty_agreement_rows(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    html, _values = plan_form(client, dossier)
    assert "Veiligheidsplan opstellen" in html
    assert 'name="agreements-2-description"' in html and 'name="agreements-3-description"' not in html
    assert draft(app, client, dossier).status_code == 302
    [plan] = plans(app, dossier)
    assert plan.version == 1 and plan.substantive and plan.danger_statement == PARTS["danger_statement"]
    assert [a.description for a in plan.agreements] == [
        "Politie rijdt extra surveillance langs de woning.", "Moeder belt bij dreiging direct 112."]
    html, _values = plan_form(client, dossier)
    assert "Nieuwe versie van het veiligheidsplan" in html
    assert 'name="agreements-4-description"' in html and 'name="agreements-5-description"' not in html
    page = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    section = page[page.index('id="veiligheidsplan"'):]
    assert "Huidige versie: 1" in section and "Nog niet bevestigd door" in section
    assert "Veilig Thuis Regio Voorbeeld" in section and "Moeder belt bij dreiging direct 112." in section


def test_each_agreement_becomes_a_task_for_whoever_carries_it(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    police, own, sanne = org_id(app, "Politie"), org_id(app, "Voorbeeld-Noord"), person_id(app, "Sanne Bakker")
    tasks = agreement_tasks(app, dossier)
    assert [(org, person, due) for _id, org, person, due, _state, _title in tasks] == [
        (police, None, date(2030, 3, 2)), (own, sanne, date(2030, 3, 16))]
    assert "Sanne Bakker" in tasks[1][5] and "bewaken" in tasks[1][5]
    [plan] = plans(app, dossier)
    assert [a.task_id for a in plan.agreements] == [tasks[0][0], tasks[1][0]]
    client = user_client(app, "politie")
    assert "Politie rijdt extra surveillance langs de woning." in client.get("/taken").get_data(as_text=True)


def test_an_agreement_without_responsible_party_or_date_is_refused(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    response = save(client, dossier, **PARTS, **agreement(0, "Vader zoekt geen contact.", "", ""))
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "Kies wie verantwoordelijk is voor deze afspraak." in html
    assert "Vul de datum in waarop dit uiterlijk gedaan moet zijn." in html
    assert 'href="#agreements-0-responsible"' in html and "Vader zoekt geen contact." in html
    assert plans(app, dossier) == [] and agreement_tasks(app, dossier) == []


def test_every_save_is_a_new_version_and_the_old_one_stays(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    client = user_client(app, "veiligthuis")
    response = save(client, dossier, warning_signals="Vader staat weer voor de deur.",
                    change_summary="Signaal toegevoegd")
    assert response.status_code == 302
    first, second = plans(app, dossier)
    assert first.warning_signals == PARTS["warning_signals"]
    assert second.warning_signals == "Vader staat weer voor de deur."
    assert second.version == 2 and len(second.agreements) == 2
    history = client.get(f"/dossiers/{dossier}/veiligheidsplan/versies").get_data(as_text=True)
    assert "Versie 2" in history and "Versie 1" in history
    assert "Ingrid Postma" in history and "Marloes de Wit" in history and "Signaal toegevoegd" in history
    old = client.get(f"/dossiers/{dossier}/veiligheidsplan?versie=1").get_data(as_text=True)
    assert "Dit is een oudere versie" in old and PARTS["warning_signals"] in old
    assert client.get(f"/dossiers/{dossier}/veiligheidsplan?versie=9").status_code == 404


def test_saving_without_a_change_adds_no_version(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    response = save(client, dossier)
    assert response.status_code == 302 and len(plans(app, dossier)) == 1


def test_unchanged_agreements_keep_their_task_across_versions(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    first = agreement_tasks(app, dossier)
    save(client, dossier, danger_statement="De zorg is verschoven naar de omgangsregeling.")
    assert agreement_tasks(app, dossier) == first
    assert [a.task_id for a in plans(app, dossier)[1].agreements] == [first[0][0], first[1][0]]
    save(client, dossier, **{"agreements-0-due_on": "2030-04-01"})
    police_tasks = [t for t in agreement_tasks(app, dossier) if t[2] is None]
    assert [(t[3], t[4]) for t in police_tasks] == [(date(2030, 3, 2), "cancelled"), (date(2030, 4, 1), "open")]
    assert len(agreement_tasks(app, dossier)) == 3
    third = plans(app, dossier)[2]
    assert third.agreements[0].task_id == police_tasks[1][0] and third.agreements[1].task_id == first[1][0]


def test_only_veilig_thuis_sets_the_safety_conditions(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    html, _values = plan_form(client, dossier)
    at = html.index('id="safety_conditions"')
    assert "readonly" in html[at - 300:at + 300]
    refused = save(client, dossier, safety_conditions="Geen geweld meer.")
    assert refused.status_code == 422
    assert "Alleen Veilig Thuis stelt de veiligheidsvoorwaarden vast" in refused.get_data(as_text=True)
    assert len(plans(app, dossier)) == 1
    client = user_client(app, "veiligthuis")
    assert save(client, dossier, safety_conditions="Geen fysiek geweld meer.").status_code == 302
    assert plans(app, dossier)[-1].safety_conditions == "Geen fysiek geweld meer."


def test_without_veilig_thuis_the_coordinator_sets_the_conditions(app, client, demo):
    dossier = dossier_id(app, "Gezin Pinas")  # ggz, politie, zvh: no Veilig Thuis
    client = user_client(app, "politie")
    assert save(client, dossier, safety_conditions="Geen dreiging meer.").status_code == 422
    client = user_client(app, "regisseur")
    assert save(client, dossier, safety_conditions="Geen dreiging meer.").status_code == 302
    assert plans(app, dossier)[-1].safety_conditions == "Geen dreiging meer."


def test_a_concurrent_edit_is_refused_and_shows_both_versions(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    _html, stale = plan_form(client, dossier)
    other = user_client(app, "veiligthuis")
    assert save(other, dossier, warning_signals="Zijn auto staat in de straat.").status_code == 302
    stale["network_support"] = "Buurman Kees houdt een oogje in het zeil."
    response = client.post(edit_path(dossier), data=stale)
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders heeft intussen een nieuwere versie" in html and "Ingrid Postma" in html
    assert "Zijn auto staat in de straat." in html and "Buurman Kees houdt een oogje in het zeil." in html
    assert 'name="based_on" type="hidden" value="2"' in html
    assert len(plans(app, dossier)) == 2
    reapply = {**stale, "based_on": "2", "warning_signals": "Zijn auto staat in de straat.",
               "csrf_token": csrf_token(html)}
    assert client.post(edit_path(dossier), data=reapply).status_code == 302
    latest = plans(app, dossier)[-1]
    assert latest.version == 3 and latest.network_support.startswith("Buurman Kees")
    assert latest.warning_signals == "Zijn auto staat in de straat."


def test_compare_two_versions_part_by_part(app, client, demo):
    dossier = dossier_id(app, FAMILY)
    client = user_client(app, "regisseur")
    draft(app, client, dossier)
    save(client, dossier, supervision="GGZ houdt toezicht; evaluatie over vier weken.")
    html = client.get(f"/dossiers/{dossier}/veiligheidsplan/vergelijken?van=1&naar=2").get_data(as_text=True)
    row = html[html.index("7. Wie houdt toezicht"):]
    row = row[:row.index("</tr>")]
    assert "gewijzigd" in row and "<del" in row and "GGZ houdt toezicht" in row
    unchanged = html[html.index("1. Huidige onveilige situatie"):]
    assert "ongewijzigd" in unchanged[:unchanged.index("</tr>")]
    assert client.get(f"/dossiers/{dossier}/veiligheidsplan/vergelijken?van=1&naar=7").status_code == 404
    default = client.get(f"/dossiers/{dossier}/veiligheidsplan/vergelijken").get_data(as_text=True)
    assert "Versie 1 naast versie 2" in default


def test_the_operation_itself_refuses_conditions_from_anyone_but_veilig_thuis(app, demo):
    """The rule lives in the policy (``safety_conditions.set``) and the operation asks it: a
    coordinator calling ``save_version`` directly, without the form's readonly field, is refused."""
    dossier_key = dossier_id(app, FAMILY)
    with app.app_context():
        dossier = db.session.get(Dossier, dossier_key)
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        with pytest.raises(RuleError) as refused:
            ops.save_version(coordinator, dossier, based_on="0", parts={**PARTS, "safety_conditions": "Geen geweld."},
                             internal_notes="", change_summary="", agreements=[])
        assert refused.value.field == "safety_conditions"
        db.session.rollback()
    assert plans(app, dossier_key) == []
