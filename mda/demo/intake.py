"""Demo applications for MDA++ at every stage, and case conferences, for the demo region.

Everything here is fictional. The families applied for here have names of their own, found in no
other demo family, but one: a known family applied for again (``REAPPLIED``), whose mother and
child the radar finds in their dossier. Every step goes through the operations of ``mda.intake``
and ``mda.conferences``; afterwards the rows are dated back to when the step would have happened.
"""
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import func, select, update

from mda.conferences import operations as conferences
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.intake import operations as intake
from mda.reviews.operations import open_review
from mda.reviews.queries import review_held_on
from mda.tasks.models import Task
from mda.conferences.vocabulary import STANDARD_AGENDA

# A known family applied for again by a partner not on its team: the same mother and child as in
# the dossier of KNOWN_FAMILY, under a reference of the applicant's own.
REAPPLIED = "Gezin Bakker"
KNOWN_FAMILY = "Gezin Bakker-Yilmaz"
REFERENCES = ("Gezin Zwanenburg", "Gezin Tahiri", "Gezin Groenewoud", "Gezin Bergsma", REAPPLIED)


def _moment(day: date, hour: int = 10) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=timezone.utc)


def _values(reference="", persons=(), reason="", goal="", involved=(), other_help="", criteria=None,
            signal=None) -> dict:
    signal = signal or {}
    return {"family_reference": reference, "persons": [_person(*person) for person in persons],
            "reason": reason, "goal": goal, "involved": list(involved), "other_help": other_help,
            "criteria": criteria or {}, "signal_reported_on": signal.get("on"),
            "signal_violence_type": signal.get("type", ""), "signal_acute": signal.get("acute", False),
            "signal_police_callout": signal.get("police_callout", False), "signal_reported_time": signal.get("at"),
            "signal_description": signal.get("description", "")}


def _person(name: str, role: str, born: date | None, bsn: str | None = None) -> dict:
    return {"name": name, "role": role, "date_of_birth": born, "bsn": bsn}


def _born(today: date, years: int, day_of_year: int) -> date:
    return date(today.year - years, 1, 1) + timedelta(days=day_of_year - 1)


def _submitted(application, day: date) -> None:
    application.created_at = _moment(day - timedelta(days=1))
    application.submitted_at = _moment(day, 14)


def build_intake(users: dict, orgs: dict, regions: dict, today: date) -> None:
    """Applications: a draft, one waiting, one planned, one accepted (for the existing Gezin Ramdin),
    one not accepted, and a known family applied for again, waiting; conferences: one planned, one
    held with approved minutes. No new dossier is made here: the demo keeps its fourteen families."""
    zvh, politie, ggz, wijkteam = users["zvh"], users["politie"], users["ggz"], users["wijkteam"]
    vt = users["veiligthuis"]

    intake.save_application(politie, None, _values(
        "Gezin Zwanenburg",
        [("Femke Zwanenburg", "victim", _born(today, 31, 90)), ("Bram Zwanenburg", "perpetrator", _born(today, 35, 12)),
         ("Ties Zwanenburg", "child", _born(today, 5, 200))],
        reason="Derde politie-inzet in vier maanden na ruzie met geweld.",
        involved=[orgs["politie"].id],
        criteria={"incidents_repeat": "Drie meldingen sinds het voorjaar."}))

    waiting = intake.save_application(ggz, None, _values(
        "Gezin Tahiri",
        [("Samira Tahiri", "victim", _born(today, 38, 33)), ("Hamid Tahiri", "perpetrator", _born(today, 44, 150)),
         ("Nadia Tahiri", "child", _born(today, 15, 301))],
        reason="Moeder vertelt in behandeling over jarenlange dreiging en controle door haar partner; dochter "
               "heeft paniekklachten.",
        goal="Eén plan voor veiligheid en behandeling van het hele gezin.",
        involved=[orgs["ggz"].id, orgs["regisseur"].id],
        criteria={"structurally_unsafe": "Dreiging en controle houden al jaren aan.",
                  "multiple_problems": "Psychiatrische klachten bij moeder en dochter, schulden."},
        signal={"on": today - timedelta(days=12), "type": "psychological",
                "description": "Melding door GGZ Voorbeeld na gesprek met moeder."}), submit=True)
    _submitted(waiting, today - timedelta(days=9))

    planned = intake.save_application(wijkteam, None, _values(
        "Gezin Groenewoud",
        [("Mirjam Groenewoud", "victim", _born(today, 42, 61)),
         ("Patrick Groenewoud", "perpetrator", _born(today, 45, 230)),
         ("Luuk Groenewoud", "child", _born(today, 12, 17))],
        reason="Het geweld keert terug ondanks twee jaar hulp van het wijkteam.",
        goal="Samenwerking met politie en reclassering rond de pleger.",
        involved=[orgs["wijkteam"].id, orgs["veiligthuis"].id],
        criteria={"regular_help_exhausted": "Twee jaar ambulante hulp zonder blijvend resultaat.",
                  "long_history": "Meldingen bij Veilig Thuis sinds 2019."},
        signal={"on": today - timedelta(days=20), "type": "physical", "acute": True,
                "description": "Politie-inzet na mishandeling van moeder."}), submit=True)
    _submitted(planned, today - timedelta(days=5))
    intake.plan_application(zvh, planned, held_on=today + timedelta(days=3), today=today)

    ramdin = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Ramdin"))
    existing = intake.save_application(vt, None, _values(
        persons=[(p.name, p.role, p.date_of_birth) for p in ramdin.persons],
        reason="De veiligheidsbeoordeling wijst op structurele onveiligheid; eerwraak wordt niet uitgesloten.",
        goal="Gezamenlijke aanpak van veiligheid en zorg.", involved=[orgs["veiligthuis"].id],
        criteria={"structurally_unsafe": "Uitkomst van de veiligheidsbeoordeling.",
                  "escalation_risk": "Dreiging vanuit de familie van de pleger."}), dossier=ramdin, submit=True)
    _submitted(existing, today - timedelta(days=8))
    linked_on = today - timedelta(days=4)
    intake.plan_application(zvh, existing, held_on=linked_on, today=linked_on)
    intake.decide(zvh, existing, accepted=True, reason="Voldoet aan de criteria; het lokale team voert de regie.",
                  partner_ids=[orgs["veiligthuis"].id])
    existing.decided_at = _moment(linked_on, 15)
    intake.record_family_informed(vt, existing, informed=True, informed_on=today - timedelta(days=2), reason="")

    refused = intake.save_application(wijkteam, None, _values(
        "Gezin Bergsma",
        [("Els Bergsma", "victim", _born(today, 58, 20)), ("Joost Bergsma", "perpetrator", _born(today, 61, 180))],
        reason="Spanningen tussen partners na ontslag van meneer.",
        goal="Ondersteuning van het echtpaar.", involved=[orgs["wijkteam"].id],
        criteria={"multiple_problems": "Schulden en werkloosheid."},
        signal={"on": today - timedelta(days=30), "type": "psychological",
                "description": "Melding door de huisarts."}), submit=True)
    _submitted(refused, today - timedelta(days=28))
    refused_on = today - timedelta(days=21)
    intake.plan_application(zvh, refused, held_on=refused_on, today=refused_on)
    intake.decide(zvh, refused, accepted=False, reason="Geen structurele onveiligheid; de hulp van het wijkteam "
                  "is nog niet uitgeput.", advice="Voorwaarden en Vervolg door Veilig Thuis, met het wijkteam "
                  "voor schuldhulp; opnieuw aanmelden bij nieuwe incidenten.")
    refused.decided_at = _moment(refused_on, 15)
    db.session.flush()
    _reapplied(wijkteam, orgs, today)
    _conferences(users, today)


def _reapplied(wijkteam, orgs: dict, today: date) -> None:
    """The local team that did not know the family applies for it as a new family: the triage
    meeting sees on the radar that mother and child are known (the father's date of birth the
    applicant did not know, so he is not found)."""
    known = db.session.scalar(select(Dossier).where(Dossier.reference == KNOWN_FAMILY))
    born = {p.name: p.date_of_birth for p in known.persons}
    reapplied = intake.save_application(wijkteam, None, _values(
        REAPPLIED,
        [("Sanne Bakker", "victim", born["Sanne Bakker"], "111222333"), ("Daan Bakker", "child", born["Daan Bakker"]),
         ("Emre Yilmaz", "perpetrator", None)],
        reason="Moeder meldt zich bij het wijkteam na een nieuw incident; zoon Daan is erbij geweest. Zij vertelt "
               "over eerdere politie-inzet.",
        goal="Eén gezamenlijk plan voor de veiligheid van moeder en kind.", involved=[orgs["wijkteam"].id],
        criteria={"incidents_repeat": "Moeder spreekt van meerdere incidenten dit jaar."},
        signal={"on": today - timedelta(days=3), "type": "physical",
                "description": "Moeder heeft een blauwe plek op haar arm; de ruzie ging over geld."}), submit=True)
    _submitted(reapplied, today - timedelta(days=2))


def _invitation_values(dossier, held_on: date, start: int, not_invited: dict, agenda: str) -> dict:
    partners = [m.organisation_id for m in dossier.memberships if m.status == "active"]
    return {"held_on": held_on, "starts_at": time(start, 0), "ends_at": time(start + 1, 30),
            "place": "Wijkteam Voorbeeld-Zuid, Kerkplein 4, spreekkamer 2", "video_link": "",
            "agenda": agenda, "partner_ids": partners,
            "persons": [{"person_id": p.id, "invited": p.name not in not_invited,
                         "reason": not_invited.get(p.name, "")} for p in dossier.persons]}


def _conferences(users: dict, today: date) -> None:
    from flask_babel import force_locale
    with force_locale("nl"):
        agenda = conferences.standard_agenda([str(item) for item in STANDARD_AGENDA])
    wijkteam = users["wijkteam"]

    kramer = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Kramer"))
    if review_held_on(kramer.id, today) is None:  # one review a day: the partners are asked to score in it
        open_review(wijkteam, kramer, today)
    conferences.plan_conference(wijkteam, kramer, _invitation_values(
        kramer, today + timedelta(days=6), 10, {"Levi Kramer": "Te jong; zijn belang wordt besproken met moeder."},
        agenda))

    meijer = db.session.scalar(select(Dossier).where(Dossier.reference == "Gezin Meijer-Nowak"))
    held_on = today - timedelta(days=10)
    last_task = db.session.scalar(select(func.max(Task.id))) or 0
    conference = conferences.plan_conference(wijkteam, meijer, _invitation_values(
        meijer, held_on, 14, {"Dennis Meijer": "Apart gesprek met de pleger en de reclassering vooraf.",
                              "Zofia Meijer": "Te jong; haar belang wordt besproken met moeder."}, agenda),
        now=datetime.combine(held_on - timedelta(days=7), time(9, 0)))
    present = {i.id for i in conference.invitees if i.invited and i.person is None}
    present |= {i.id for i in conference.invitees if i.person is not None and i.person.name == "Agnieszka Nowak"}
    conferences.record_attendance(wijkteam, conference, present=present, today=held_on)
    reclassering = next(m.organisation_id for m in meijer.memberships if m.organisation.kind == "probation")
    conferences.save_minutes(wijkteam, conference, today=held_on, body=(
        "Veiligheidsronde: de partners geven een 7, moeder een 6. Het veiligheidsplan wordt nageleefd; "
        "het contactverbod is niet overtreden. Het zorgplan loopt. Volgend casusoverleg over zes weken."),
        health_body="De traumabehandeling van de kinderen is gestart.", decisions=[
        {"decision_id": None, "kind": "agreement", "text": "Moeder belt de casusregisseur bij oplopende spanning.",
         "organisation_id": None, "due_on": None, "plan": ""},
        {"decision_id": None, "kind": "task", "text": "Gesprek met vader over de voortgang van de training.",
         "organisation_id": reclassering, "due_on": today + timedelta(days=10), "plan": ""},
        {"decision_id": None, "kind": "proposal", "text": "Opa Gerard Meijer opnemen als steunfiguur in het netwerk.",
         "organisation_id": None, "due_on": None, "plan": "safety_plan"}])
    conferences.approve_minutes(wijkteam, conference, today=held_on)
    db.session.flush()
    db.session.execute(update(Task).where(Task.dossier_id == meijer.id, Task.id > last_task)
                       .values(created_at=_moment(held_on, 16)))
    conference.current_minutes.approved_at = _moment(held_on + timedelta(days=1), 11)
    conference.created_at = _moment(held_on - timedelta(days=7))
    db.session.flush()
