"""A systemic care plan: goals for the family as a whole or for two of its members together (the
parents, a parent and a child), with interventions and a planned evaluation, beside the goals per
person; who may see and change them as for the rest of the care plan, and an evaluation that was
based on an earlier version is refused."""
import re
from datetime import timedelta

from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.careplan.models import CareGoal
from mda.core import clock
from mda.extensions import db
from mda.tasks.models import Task
from tests.careplan.test_careplan import (HIDDEN, as_user, drop_goals, goal, ids, org_id, recovery_reasons, section,
                                          submit)

NEW_GOAL = "/dossiers/{}/zorgplan/doelen/nieuw"


def systemic(html):
    part = section(html)
    return part[part.index('id="zorgplan-gezinssysteem"'):part.index('id="zorgplan-', part.index(
        'id="zorgplan-gezinssysteem"') + 30)]


def goals_of(app, dossier_id):
    with app.app_context():
        rows = list(db.session.scalars(select(CareGoal).where(CareGoal.dossier_id == dossier_id).order_by(CareGoal.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_goals_for_a_pair_and_the_family_stand_beside_the_goals_per_person(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "regisseur")
    form = client.get(NEW_GOAL.format(dossier_id) + "?voor=gezin").get_data(as_text=True)
    assert "Het doel is voor" in form and re.search(r'<input[^>]*checked[^>]*value="family"', form)
    assert "Tweede persoon (bij een doel voor twee personen)" in form
    before = {g.id for g in goals_of(app, dossier_id)}
    evaluate_on = clock.today() + timedelta(weeks=6)
    pair = goal(client, dossier_id, people["Tomasz"], scope="pair", partner_id=people["Katarzyna"], kind="risk",
                risk_factor="parenting_stress", evaluate_on=evaluate_on.isoformat(),
                description="De ouders maken samen opvoedafspraken zonder ruzie waar de kinderen bij zijn.")
    assert pair.status_code == 302 and pair.headers["Location"].endswith("#zorgplan")
    family = goal(client, dossier_id, people["Julia"], scope="family", kind="recovery",
                  description="Het gezin eet weer samen en heeft één vaste avond met elkaar.")
    assert family.status_code == 302
    new = [g for g in goals_of(app, dossier_id) if g.id not in before]
    assert [(g.scope, g.person_id, g.partner_id, g.evaluate_on) for g in new] == [
        ("pair", people["Tomasz"], people["Katarzyna"], evaluate_on), ("family", None, None, None)]
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Het doel voor het gezin als geheel is aan het zorgplan toegevoegd." in html
    part = systemic(html)
    assert part.index("Het gezin als geheel") < part.index("Tomasz Kowalski en Katarzyna Kowalska")
    assert "De ouders maken samen opvoedafspraken" in part and "Het gezin eet weer samen" in part
    assert "Evaluatie gepland:" in part
    # the per-person goals stay where they were
    julia = section(html)[section(html).index(f'id="zorgplan-{people["Julia"]}"'):]
    assert "Het gezin eet weer samen" not in julia.split('id="zorgplan-')[1]
    with app.app_context():
        assert db.session.scalar(select(AccessLogEntry.detail).where(
            AccessLogEntry.object == f"care_goal:{new[0].id}")) == f"pair with person:{people['Katarzyna']}"


def test_a_systemic_goal_gets_interventions_as_tasks_and_an_evaluation(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "regisseur")
    goal(client, dossier_id, people["Katarzyna"], scope="pair", partner_id=people["Julia"],
         description="Moeder en Julia verdelen de zorg voor Kacper zodat Julia weer kind kan zijn.")
    pair = goals_of(app, dossier_id)[-1]
    due = (clock.today() + timedelta(days=30)).isoformat()
    response = submit(client, f"/dossiers/{dossier_id}/zorgplan/doelen/{pair.id}/interventies/nieuw", {
        "description": "Ouder-kindgesprekken met moeder en Julia", "organisation_id": org_id(app, "GGZ Voorbeeld"),
        "due_on": due})
    assert response.status_code == 302
    with app.app_context():
        task = db.session.scalar(select(Task).where(Task.dossier_id == dossier_id, Task.kind == "care_intervention")
                                 .order_by(Task.id.desc()))
        assert task.title_nl == ("Zorgplan Katarzyna Kowalska en Julia Kowalska: Ouder-kindgesprekken met moeder "
                                 "en Julia")
        assert task.person_id is None and task.organisation_id == org_id(app, "GGZ Voorbeeld")
    page = client.get(f"/dossiers/{dossier_id}/zorgplan/doelen/{pair.id}/evaluatie").get_data(as_text=True)
    assert "Evalueer het doel voor Katarzyna Kowalska en Julia Kowalska" in page or \
        "Katarzyna Kowalska en Julia Kowalska" in page
    evaluated = submit(client, f"/dossiers/{dossier_id}/zorgplan/doelen/{pair.id}/evaluatie", {
        "evaluation": "partly", "evaluation_note": "Julia neemt minder zorg op zich.",
        "evaluated_on": clock.today().isoformat()})
    assert evaluated.status_code == 302
    assert goals_of(app, dossier_id)[-1].evaluation == "partly"
    assert "Ouder-kindgesprekken met moeder en Julia" in systemic(client.get(f"/dossiers/{dossier_id}")
                                                                  .get_data(as_text=True))


def test_the_form_explains_what_a_pair_and_the_family_need_and_keeps_the_input(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "regisseur")
    before = len(goals_of(app, dossier_id))
    cases = (
        ({"scope": "pair", "partner_id": ""}, "Kies de tweede persoon uit het dossier."),
        ({"scope": "pair", "partner_id": people["Tomasz"]}, "Een doel voor twee personen noemt twee verschillende "
                                                            "personen."),
        ({"scope": "pair", "partner_id": 999999}, "Kies een persoon uit het dossier."),
        ({"scope": "everyone"}, "Kies voor wie het doel is"),
        ({"evaluate_on": (clock.today() - timedelta(days=1)).isoformat()},
         "De evaluatie kan niet vóór vandaag worden gepland."),
    )
    for values, message in cases:
        response = goal(client, dossier_id, people["Tomasz"], description="Samen de schulden aanpakken.", **values)
        html = response.get_data(as_text=True)
        assert response.status_code == 422, message
        assert message in html and "Samen de schulden aanpakken." in html, message
    assert len(goals_of(app, dossier_id)) == before
    # a goal for the family as a whole names nobody, whatever was chosen
    assert goal(client, dossier_id, people["Tomasz"], scope="family", partner_id=people["Julia"]).status_code == 302
    assert (goals_of(app, dossier_id)[-1].person_id, goals_of(app, dossier_id)[-1].partner_id) == (None, None)


def test_a_goal_for_a_pair_or_the_family_covers_its_persons_for_phase_3(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    drop_goals(app, dossier_id)
    client = as_user(app, "regisseur")
    goal(client, dossier_id, people["Tomasz"], scope="pair", partner_id=people["Katarzyna"], kind="risk",
         risk_factor="addiction", description="Geen alcohol in huis; moeder weet wie ze kan bellen.")
    _allowed, reasons = recovery_reasons(app, dossier_id)
    assert reasons["care_plan_incomplete"] == ("Het zorgplan heeft nog geen doel voor: Julia Kowalska, "
                                               "Kacper Kowalski, Ewa Zielińska")
    html = client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)
    assert "Nog geen doel voor: Julia Kowalska, Kacper Kowalski, Ewa Zielińska" in html
    goal(client, dossier_id, "", scope="family", description="Een vaste week- en dagstructuur voor het gezin.")
    _allowed, reasons = recovery_reasons(app, dossier_id)
    assert "care_plan_incomplete" not in reasons and "no_care_plan" not in reasons
    assert "Nog geen doel voor" not in client.get(f"/dossiers/{dossier_id}").get_data(as_text=True)


def test_health_related_systemic_goals_only_for_care_and_the_coordinator(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    client = as_user(app, "ggz")
    assert goal(client, dossier_id, people["Tomasz"], scope="pair", partner_id=people["Katarzyna"], kind="risk",
                risk_factor="psychiatric_problems", health_related="y",
                description="Relatietherapie gericht op de depressie van vader.").status_code == 302
    for username in ("reclassering", "politie"):
        other = as_user(app, username)
        page = other.get(f"/dossiers/{dossier_id}")
        if page.status_code != 200:
            continue
        part = systemic(page.get_data(as_text=True))
        assert "Gezondheidsdoel" in part and "Relatietherapie" not in part, username
        assert other.get(NEW_GOAL.format(dossier_id) + "?voor=gezin").status_code == 404, username
    assert "Relatietherapie" in systemic(as_user(app, "regisseur").get(f"/dossiers/{dossier_id}")
                                         .get_data(as_text=True))


def test_two_tabs_evaluating_a_family_goal_keep_the_first_evaluation(app, demo):
    dossier_id, people = ids(app, "Gezin Kowalski")
    goal(as_user(app, "regisseur"), dossier_id, "", scope="family", description="Rust in huis.")
    family = goals_of(app, dossier_id)[-1]
    path = f"/dossiers/{dossier_id}/zorgplan/doelen/{family.id}/evaluatie"
    first, second = as_user(app, "ggz"), as_user(app, "regisseur")
    tab = dict(HIDDEN.findall(second.get(path).get_data(as_text=True)))
    saved = submit(first, path, {"evaluation": "achieved", "evaluation_note": "Rust bereikt.",
                                 "evaluated_on": clock.today().isoformat()})
    assert saved.status_code == 302
    stale = second.post(path, data={**tab, "evaluation": "not_achieved", "evaluation_note": "Nog onrustig.",
                                    "evaluated_on": clock.today().isoformat()})
    assert stale.status_code == 409 and "Nog onrustig." in stale.get_data(as_text=True)
    assert (goals_of(app, dossier_id)[-1].evaluation, goals_of(app, dossier_id)[-1].version_id) == ("achieved", 2)


def test_the_demo_has_a_systemic_plan(app, demo):
    dossier_id, people = ids(app, "Gezin Al-Haddad")
    systemic_goals = [g for g in goals_of(app, dossier_id) if g.scope != "person"]
    assert {(g.scope, g.person_id, g.partner_id) for g in systemic_goals} == {
        ("pair", people["Rania"], people["Omar"]), ("family", None, None)}
    assert all(g.evaluate_on is not None for g in systemic_goals)
    part = systemic(as_user(app, "wijkteam").get(f"/dossiers/{dossier_id}").get_data(as_text=True))
    assert "Rania Al-Haddad en Omar Al-Haddad" in part and "Systeemtherapie voor de ouders" in part
    assert re.search(r"Familienetwerkberaad", part)
