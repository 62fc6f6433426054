"""Family versions of the safety plan, one per person: what is marked "not for" someone never
reaches them. A victim's safety measures are not for the perpetrator by default; the partners'
version and the plan pages say what is withheld from whom. PDF text through pdftotext."""
import re

import pytest
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.extensions import db
from tests.safetyplan.support import (PARTS, agreement, confirm, dossier_id, edit_path, org_id, pdf_text,
                                      person_id, plan_form, plans, save, user_client)

FAMILY = "Gezin Bakker-Yilmaz"
SAFE_ADDRESS = "Sanne gaat bij dreiging naar het veilige adres QZSAFEADDRESSQZ van de opvang."
HIDDEN_PART = "Emre zoekt Sanne op bij haar werk QZHIDDENPARTQZ."
SHARED = "Politie rijdt extra surveillance langs de woning."


def words(data: bytes) -> str:
    return " ".join(pdf_text(data).split())


@pytest.fixture
def plan(app, demo):
    """Version 1: the victim's agreement (nobody ticked), a police agreement for everyone, and
    the warning signals marked not for the father."""
    dossier = dossier_id(app, FAMILY)
    police, sanne, emre = org_id(app, "Politie"), person_id(app, "Sanne Bakker"), person_id(app, "Emre Yilmaz")
    response = save(user_client(app, "regisseur"), dossier,
                    **{**PARTS, "warning_signals": f"{PARTS['warning_signals']} {HIDDEN_PART}"},
                    warning_signals_not_for=[str(emre)],
                    **agreement(0, SAFE_ADDRESS, f"person:{sanne}", "2030-03-02"),
                    **agreement(1, SHARED, f"org:{police}", "2030-03-16"))
    assert response.status_code == 302
    return dossier


def family_pdf(client, dossier: int, person: int, version: int | None = None) -> str:
    query = f"?voor={person}" + (f"&versie={version}" if version else "")
    response = client.get(f"/dossiers/{dossier}/veiligheidsplan.pdf{query}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    return words(response.data)


def test_a_victims_new_agreement_is_not_for_the_perpetrator_without_anyone_ticking_it(app, plan):
    emre = person_id(app, "Emre Yilmaz")
    first = plans(app, plan)[0]
    assert [set(a.not_for) for a in first.agreements] == [{emre}, set()]
    assert first.part_not_for("warning_signals") == {emre} and first.part_not_for("danger_statement") == set()
    html, values = plan_form(user_client(app, "regisseur"), plan)
    assert values["agreements-0-not_for"] == [str(emre)] and "agreements-1-not_for" not in values
    assert re.search(rf'name="agreements-0-not_for"[^>]*value="{emre}" checked', html)
    assert "Emre Yilmaz (Pleger)" in html


def test_the_perpetrators_version_leaves_out_what_is_not_for_him(app, plan):
    client = user_client(app, "regisseur")
    emre, sanne = person_id(app, "Emre Yilmaz"), person_id(app, "Sanne Bakker")
    for version in (None, 1):
        text = family_pdf(client, plan, emre, version)
        assert "QZSAFEADDRESSQZ" not in text and "QZHIDDENPARTQZ" not in text
        assert "4. Signalen van dreigend gevaar" not in text and "Niet voor" not in text
        assert "Voor: Emre Yilmaz" in text and SHARED in text and PARTS["danger_statement"] in text
        assert "Nr. 1 Afspraak" in text  # the police agreement is number 1: no gap where the other was

        mother = family_pdf(client, plan, sanne, version)
        assert "Voor: Sanne Bakker" in mother and "QZSAFEADDRESSQZ" in mother and "QZHIDDENPARTQZ" in mother


def test_the_partners_version_and_the_plan_pages_say_what_is_withheld_from_whom(app, plan):
    client = user_client(app, "politie")
    text = words(client.get(f"/dossiers/{plan}/veiligheidsplan.pdf").data)
    assert "QZSAFEADDRESSQZ" in text and "QZHIDDENPARTQZ" in text
    assert text.count("Niet voor: Emre Yilmaz") == 2
    for path in (f"/dossiers/{plan}/veiligheidsplan", f"/dossiers/{plan}/veiligheidsplan?versie=1"):
        page = client.get(path).get_data(as_text=True)
        agreements = page[page.index('id="part-agreements"'):page.index('id="part-warning_signals"')]
        signals = page[page.index('id="part-warning_signals"'):page.index('id="part-consequences"')]
        assert "QZSAFEADDRESSQZ" in agreements and "Niet voor: Emre Yilmaz" in agreements
        assert "QZHIDDENPARTQZ" in signals and "Niet voor: Emre Yilmaz" in signals
    dossier_page = client.get(f"/dossiers/{plan}").get_data(as_text=True)
    section = dossier_page[dossier_page.index('id="veiligheidsplan"'):]
    assert "Niet voor: Emre Yilmaz" in section
    assert f"/dossiers/{plan}/veiligheidsplan.pdf?voor={person_id(app, 'Emre Yilmaz')}" in section


def test_a_family_version_is_only_made_for_a_person_of_the_dossier(app, plan):
    client = user_client(app, "regisseur")
    stranger = person_id(app, "Rignald Girigorie")
    for value in ("gezin", str(stranger), "99999999999999999999999", "", "²"):
        response = client.get(f"/dossiers/{plan}/veiligheidsplan.pdf?voor={value}")
        assert response.status_code == 404, value
    with app.app_context():
        outcomes = db.session.scalars(select(AccessLogEntry.outcome).where(
            AccessLogEntry.dossier_id == plan, AccessLogEntry.action == "export")).all()
    assert outcomes == ["denied"] * 5


def test_withholding_more_keeps_the_confirmations_and_showing_more_asks_for_them_again(app, plan):
    emre, daan = person_id(app, "Emre Yilmaz"), person_id(app, "Daan Bakker")
    confirm(user_client(app, "veiligthuis"), plan, 1)
    client = user_client(app, "regisseur")
    response = save(client, plan, **{"agreements-1-not_for": [str(daan)], "consequences_not_for": [str(emre)]})
    assert response.status_code == 302
    assert "wordt meer achtergehouden" in client.get(response.location).get_data(as_text=True)
    second = plans(app, plan)[1]
    assert not second.substantive and len(second.confirmations) == 1
    assert [set(a.not_for) for a in second.agreements] == [{emre}, {daan}]
    assert second.part_not_for("consequences") == {emre} and second.part_not_for("warning_signals") == {emre}

    _html, values = plan_form(client, plan)
    del values["agreements-0-not_for"]  # the team decides the father may know this agreement
    assert client.post(edit_path(plan), data=values).status_code == 302
    third = plans(app, plan)[2]
    assert third.substantive and third.confirmations == []
    assert [set(a.not_for) for a in third.agreements] == [set(), {daan}]

    assert save(client, plan, danger_statement="Nieuwe zorg.").status_code == 302
    fourth = plans(app, plan)[3]
    assert [set(a.not_for) for a in fourth.agreements] == [set(), {daan}]
    assert fourth.part_not_for("warning_signals") == {emre} and fourth.part_not_for("consequences") == {emre}


def test_the_form_keeps_the_ticks_when_it_is_shown_again_with_an_error(app, plan):
    emre, daan = person_id(app, "Emre Yilmaz"), person_id(app, "Daan Bakker")
    client = user_client(app, "regisseur")
    response = save(client, plan, danger_statement="", supervision_not_for=[str(daan)])
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert re.search(rf'name="supervision_not_for"[^>]*value="{daan}" checked', html)
    assert re.search(rf'name="agreements-0-not_for"[^>]*value="{emre}" checked', html)
    assert len(plans(app, plan)) == 1


def test_a_person_of_another_family_cannot_be_ticked(app, plan):
    stranger = person_id(app, "Rignald Girigorie")
    client = user_client(app, "regisseur")
    for field in ("agreements-1-not_for", "danger_statement_not_for"):
        response = save(client, plan, **{field: [str(stranger)]})
        assert response.status_code == 422, field
        assert "Kies personen uit dit gezin." in response.get_data(as_text=True)
    assert save(client, plan, danger_statement_not_for=["x"]).status_code == 422
    assert len(plans(app, plan)) == 1


def test_the_demo_keeps_the_mothers_emergency_plan_out_of_the_fathers_version(app, demo):
    dossier = dossier_id(app, "Gezin Martina")
    father, mother = person_id(app, "Rignald Girigorie"), person_id(app, "Shirley Martina")
    versions = plans(app, dossier)
    assert len(versions) >= 2  # the relapse reopened the plan: the marks came along
    client = user_client(app, "regisseur")
    for version in versions:
        his = family_pdf(client, dossier, father, version.version)
        hers = family_pdf(client, dossier, mother, version.version)
        for secret in ("Vlinderstraat", "paraplu", "vluchtplan", "Shirley Martina belt bij dreiging"):
            assert secret not in his and secret in hers, (version.version, secret)
    partners = words(client.get(f"/dossiers/{dossier}/veiligheidsplan.pdf").data)
    assert "Vlinderstraat" in partners and "Niet voor: Rignald Girigorie" in partners
