"""The dossier at a glance: the top of the dossier page answers the first questions of a family's
case; the sections can be jumped to; the timeline filters by kind, newest first, with signals at
their own moment. Through the Flask test client on a real database."""
import re
from datetime import time, timedelta

import pytest
from babel.dates import format_date
from sqlalchemy import select

from mda.audit.models import AccessLogEntry
from mda.core import clock
from mda.dossiers.models import Dossier, Signal
from mda.engine.models import TransitionLog
from mda.engine.protection import force_state
from mda.escalation.models import Escalation, EscalationLevel
from mda.extensions import db
from mda.reviews.models import RestrainingOrder
from mda.safetyplan.models import SafetyPlan
from mda.tasks.models import Task
from tests import factories as make
from tests.support.web import QueryCounter, login

PASSWORD = "secret-pass"  # the factories' own
CONDITIONS = "- Er wordt niet geslagen.\n- De kinderen gaan elke dag naar school."
ENTRY = re.compile(r'<li class="timeline__entry timeline__entry--([a-z_]+)">(.*?)</li>', re.S)


def dutch_day(day) -> str:
    return format_date(day, "d MMMM y", locale="nl")


def task(dossier, organisation, kind, title, due_on, state="open"):
    row = Task(dossier_id=dossier.id, kind=kind, title_nl=title, title_en=title, organisation_id=organisation.id,
               state=state, start_on=due_on - timedelta(days=10), due_on=due_on)
    db.session.add(row)
    return row


@pytest.fixture
def known(app):
    """A family in phase 1 for ten days, with known facts for each line at the top of its page."""
    with app.app_context():
        case = make.team_case("Gezin Oogopslag")
        dossier, today = case["dossier"], clock.today()
        force_state(dossier, "safety")
        db.session.add(TransitionLog(dossier_id=dossier.id, workflow="case", object_id=dossier.id,
                                     event="start_safety", from_state="safety_assessment", to_state="safety",
                                     username="coord", at=clock.utcnow() - timedelta(days=10)))
        db.session.add(SafetyPlan(dossier_id=dossier.id, version=1, author_id=case["coordinator"].id,
                                  danger_statement="QZ Vader dreigt moeder te slaan als zij vertrekt.",
                                  safety_conditions=CONDITIONS,
                                  change_summary="Eerste versie."))
        task(dossier, case["police"], "police_risk_assessment", "RiHG afnemen", today - timedelta(days=12))
        task(dossier, case["police"], "other", "Proces-verbaal delen", today - timedelta(days=3))
        task(dossier, case["team"], "safety_review", "Veiligheidsscore bespreken", today + timedelta(days=7))
        task(dossier, case["vt"], "other", "Afgerond werk", today - timedelta(days=20), state="done")
        db.session.add(RestrainingOrder(dossier_id=dossier.id, person_id=dossier.persons[0].id, state="imposed",
                                        imposed_on=today - timedelta(days=2), ends_on=today + timedelta(days=8),
                                        organisation_id=case["police"].id, author_id=case["officer"].id))
        make.accepted_handover(dossier, case["vt"], until=today + timedelta(days=100))
        escalation = Escalation(dossier_id=dossier.id, state="rising", level=1, rung="team_lead", reason="Vast.",
                                raised_on=today - timedelta(days=3), level_since=today - timedelta(days=3))
        escalation.levels = [EscalationLevel(level=1, rung="team_lead", reached_on=today - timedelta(days=3))]
        db.session.add(escalation)
        # Two reports: the later one recorded first, the earlier one (a call-out at 22:40) recorded after.
        dossier.signals[0].reported_on = today - timedelta(days=1)
        dossier.signals[0].reported_time = time(9, 15)
        dossier.signals[0].description = "QZ tweede melding"
        dossier.signals.append(Signal(reported_on=today - timedelta(days=2), reported_time=time(22, 40),
                                      reporter_kind="police", violence_type="physical", police_callout=True,
                                      description="QZ eerste melding"))
        db.session.commit()
        return {"dossier": dossier.id, "today": today}


def glance_of(html: str) -> str:
    start = html.index('id="in-een-oogopslag"')
    return html[start:html.index("</section>", start)]


def item(html: str, name: str) -> str:
    start = html.index(f'id="glance-{name}"')
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[start:html.index("</div>", start)]))


def test_the_top_of_the_dossier_answers_the_first_questions(client, known):
    login(client, "coord", PASSWORD)
    html = client.get(f"/dossiers/{known['dossier']}").get_data(as_text=True)
    top, today = glance_of(html), known["today"]
    assert html.index('id="in-een-oogopslag"') < html.index('id="stappen"')  # before everything else
    assert "Fase 1: veiligheid" in item(top, "phase") and dutch_day(today - timedelta(days=10)) in item(top, "phase")
    concern = item(top, "concern")
    assert "QZ Vader dreigt moeder te slaan" in concern and "uit het veiligheidsplan" in concern
    assert f"Laatste signaal: {dutch_day(today - timedelta(days=1))}, 09:15" in concern
    conditions = item(top, "conditions")
    assert "Er wordt niet geslagen." in conditions and "De kinderen gaan elke dag naar school." in conditions
    assert "Niet bevestigd door" in conditions or "Nog niet bevestigd door" in conditions
    overdue = item(top, "overdue")
    assert "Politie Test : 2 taken" in overdue and "Wijkteam Noord" not in overdue and "Veilig Thuis" not in overdue
    assert dutch_day(today + timedelta(days=7)) in item(top, "review")
    assert "Huisverbod" in top and f"tot {dutch_day(today + timedelta(days=8))}" in top and "Alex Test" in top
    assert "Veilig Thuis Test" in item(top, "holder") and dutch_day(today + timedelta(days=100)) in item(top, "holder")
    stall = item(top, "stall")
    assert "staat stil sinds" in stall and "Geëscaleerd naar niveau 1" in stall


def test_a_quiet_new_dossier_says_so_at_the_top(app, client, known):
    with app.app_context():
        coordinator = db.session.get(Dossier, known["dossier"]).coordinator
        bare = make.dossier(coordinator, "Gezin Rustig").id
        db.session.commit()
    login(client, "coord", PASSWORD)
    top = glance_of(client.get(f"/dossiers/{bare}").get_data(as_text=True))
    for name, text in (("conditions", "Nog niet vastgesteld."), ("overdue", "Niets te laat."),
                       ("review", "Geen gepland."), ("holder", "Nog niet afgesproken"),
                       ("stall", "Niet stilgevallen, niet geëscaleerd.")):
        assert text in item(top, name), name
    assert "Huisverbod" not in top


def test_the_section_links_lead_to_sections_on_the_page(client, known):
    login(client, "coord", PASSWORD)
    html = client.get(f"/dossiers/{known['dossier']}").get_data(as_text=True)
    nav = html[html.index('class="section-nav"'):]
    anchors = re.findall(r'href="#([a-z-]+)"', nav[:nav.index("</nav>")])
    assert {"veiligheidsplan", "zorgplan", "veiligheidsscores", "team", "signalen", "casusoverleg", "tijdlijn",
            "toegang"} <= set(anchors)
    for anchor in anchors:
        assert f'id="{anchor}"' in html, anchor
    # the finished task is folded away, the open ones are in the table
    tasks = html[html.index('id="taken"'):]
    tasks = tasks[:tasks.index("</section>")]
    assert tasks.index("RiHG afnemen") < tasks.index("<details") < tasks.index("Afgerond werk")


def entries(html: str) -> list[tuple[str, str]]:
    """(kind, text) of each entry of the timeline, in page order."""
    return [(kind, re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", body)).strip())
            for kind, body in ENTRY.findall(html)]


def test_the_timeline_filters_by_kind_newest_first_with_signals_at_their_own_moment(client, known):
    login(client, "coord", PASSWORD)
    path = f"/dossiers/{known['dossier']}/tijdlijn"
    everything = entries(client.get(path).get_data(as_text=True))
    assert {kind for kind, _ in everything} >= {"signal", "phase", "plan", "task_created"}
    signals = entries(client.get(path + "?soort=signalen").get_data(as_text=True))
    assert [kind for kind, _ in signals] == ["signal", "signal"]
    assert "QZ tweede melding" in signals[0][1] and "QZ eerste melding" in signals[1][1]
    assert "22:40" in signals[1][1]  # its own time, not when it was recorded
    tasks = entries(client.get(path + "?soort=taken").get_data(as_text=True))
    assert {kind for kind, _ in tasks} == {"task_created"} and len(tasks) == 4
    assert [kind for kind, _ in entries(client.get(path + "?soort=fasen").get_data(as_text=True))] == ["phase"]
    plans = entries(client.get(path + "?soort=plannen").get_data(as_text=True))
    assert [kind for kind, _ in plans] == ["plan"] and "Veiligheidsplan, versie 1" in plans[0][1]
    assert entries(client.get(path + "?soort=onzin").get_data(as_text=True)) == everything
    page = client.get(path + "?soort=taken").get_data(as_text=True)
    assert 'aria-current="page">Taken</a>' in page


def test_the_dossier_page_shows_the_newest_entries_without_tasks(client, known):
    login(client, "coord", PASSWORD)
    html = client.get(f"/dossiers/{known['dossier']}").get_data(as_text=True)
    section = html[html.index('id="tijdlijn"'):]
    shown = entries(section[:section.index("</section>")])
    assert shown and not [kind for kind, _ in shown if kind.startswith("task")]
    assert f'href="/dossiers/{known["dossier"]}/tijdlijn?soort=taken"' in section


def test_the_timeline_page_is_logged_and_only_for_who_may_see_the_dossier(app, client, known):
    with app.app_context():
        region = db.session.get(Dossier, known["dossier"]).region
        stranger = make.organisation(region, "Wijkteam Zuid")
        make.user(stranger, "vreemd", password=PASSWORD)
        db.session.commit()
    login(client, "vreemd", PASSWORD)
    assert client.get(f"/dossiers/{known['dossier']}/tijdlijn").status_code == 404
    login(client := app.test_client(), "coord", PASSWORD)
    assert client.get(f"/dossiers/{known['dossier']}/tijdlijn").status_code == 200
    with app.app_context():
        details = db.session.scalars(select(AccessLogEntry.detail).where(
            AccessLogEntry.dossier_id == known["dossier"], AccessLogEntry.action == "view")).all()
    assert f"/dossiers/{known['dossier']}/tijdlijn" in details


def test_the_page_and_the_timeline_use_a_fixed_number_of_statements(app, client, known):
    with app.app_context():
        coordinator = db.session.get(Dossier, known["dossier"]).coordinator
        bare = make.dossier(coordinator, "Gezin Leeg", state="safety").id  # a phase with reviews, as the other
        db.session.commit()
        engine = db.engine
    login(client, "coord", PASSWORD)
    for path in ("/dossiers/{}", "/dossiers/{}/tijdlijn", "/dossiers/{}/tijdlijn?soort=signalen"):
        counts = []
        for dossier_id in (bare, known["dossier"]):
            client.get(path.format(dossier_id))
            with QueryCounter(engine) as counter:
                assert client.get(path.format(dossier_id)).status_code == 200
            counts.append(counter.count)
        assert counts[0] == counts[1], (path, counts)
