"""The work list /taken as a day's work: urgent first, then overdue by how long, then due soon,
grouped by family; my organisation's work apart from what we asked of partners; what waits for a
decision or an answer on top; and the coordinator's hand-over of several tasks at once."""
from datetime import time, timedelta
from types import SimpleNamespace

import pytest
from sqlalchemy import func, select

from mda.audit.models import AccessLogEntry
from mda.auth.models import User
from mda.conferences.models import Conference, ConferenceInvitee
from mda.core import clock
from mda.dossiers.models import TeamMembership
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.tasks.models import Task
from tests import factories as make
from tests.escalation.conftest import build_ladder
from tests.escalation.test_pages import stalled_to
from tests.support.web import QueryCounter, login, post_form, token_for
from tests.tasks.conftest import PASSWORD, add_task

PARTNERS = "/taken?weergave=partners"


def section(html: str, section_id: str) -> str:
    start = html.index(f'id="{section_id}"')
    return html[start:html.index("</section>", start)]


def second_family(app, region_setup) -> int:
    """Another family with the police on the team, coordinated by the same coordinator."""
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "coord"))
        police = db.session.get(Organisation, region_setup["police"])
        dossier = make.dossier(coordinator, "Gezin Tweede", partners=[police], state="safety")
        db.session.commit()
        return dossier.id


def test_urgent_work_comes_first_then_the_longest_overdue_then_due_soon_grouped_by_family(app, client, region_setup):
    first, second = region_setup["dossier"], second_family(app, region_setup)
    police = region_setup["police"]
    add_task(app, first, police, "Taak over twee dagen te laat", -2)
    add_task(app, first, police, "Taak over een maand", 30)
    add_task(app, second, police, "Taak vijf dagen te laat", -5)
    add_task(app, second, police, "Taak morgen", 1)
    add_task(app, second, police, "Huisverbod overwegen", 3, kind="restraining_order")
    login(client, "agent", PASSWORD)
    pending = section(client.get("/taken").get_data(as_text=True), "open")
    # Gezin Tweede first: its huisverbod is urgent; its other tasks follow in the same group.
    order = ["Gezin Tweede", "Huisverbod overwegen", "Taak vijf dagen te laat", "Taak morgen",
             "Gezin Eerste", "Taak over twee dagen te laat", "Taak over een maand"]
    positions = [pending.index(text) for text in order]
    assert positions == sorted(positions)
    assert pending.count(">Gezin Tweede<") == 1 and pending.count(">Gezin Eerste<") == 1
    assert pending.count("te laat</span>") == 2 and pending.count("urgent</span>") == 1


def test_the_urgent_tasks_stay_first_across_pages(app, client, region_setup):
    first, police = region_setup["dossier"], region_setup["police"]
    with app.app_context():
        for n in range(55):
            db.session.add(Task(dossier_id=first, kind="other", title_nl=f"Werk {n:02d}", title_en=f"Work {n:02d}",
                                organisation_id=police, start_on=clock.today(),
                                due_on=clock.today() - timedelta(days=60 - n)))
        db.session.commit()
    add_task(app, first, police, "Huisverbod overwegen", 10, kind="restraining_order")
    login(client, "agent", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    pending = section(html, "open")
    assert pending.index("Huisverbod overwegen") < pending.index("Werk 00") < pending.index("Werk 01")
    link = pending[pending.index('rel="next"') - 200:pending.index('rel="next"')]
    next_url = link[link.rindex('href="') + 6:link.rindex('"')].replace("&amp;", "&")
    rest = section(client.get(next_url).get_data(as_text=True), "open")
    assert "Huisverbod overwegen" not in rest and "Werk 54" in rest and "Werk 00" not in rest


def test_my_organisations_work_is_apart_from_what_we_asked_of_partners(app, client, region_setup):
    login(client, "coord", PASSWORD)
    own = section(client.get("/taken").get_data(as_text=True), "open")
    partners = section(client.get(PARTNERS).get_data(as_text=True), "open")
    for task in ("rihg", "vt_contribution", "police_contribution", "school_signal"):
        assert f'href="/taken/{region_setup[task]}"' in partners, task
        assert f'href="/taken/{region_setup[task]}"' not in own, task
    with app.app_context():
        own_ids = db.session.scalars(select(Task.id).where(Task.organisation_id == region_setup["team"])).all()
    assert own_ids
    for task_id in own_ids:
        assert f'href="/taken/{task_id}"' in own and f'href="/taken/{task_id}"' not in partners
    # A partner has one view: the view of partners' work is the coordinator's only.
    login(other := app.test_client(), "agent", PASSWORD)
    html = other.get(PARTNERS).get_data(as_text=True)
    assert f'href="/taken/{region_setup["rihg"]}"' in section(html, "open") and "Gevraagd aan partners" not in html
    assert f'href="/taken/{region_setup["vt_contribution"]}"' not in html


def test_invitations_and_decisions_waiting_for_us_come_before_the_work(app, client, region_setup):
    dossier_id, vt = region_setup["dossier"], region_setup["vt"]
    add_task(app, dossier_id, vt, "Besluiten over heropenen", 5, kind="reopening_decision")
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "coord"))
        conference = Conference(dossier_id=dossier_id, held_on=clock.today() + timedelta(days=3), starts_at=time(10),
                                ends_at=time(11), created_by_id=coordinator.id)
        conference.invitees = [ConferenceInvitee(organisation_id=vt)]
        db.session.add(conference)
        other = make.dossier(coordinator, "Gezin Uitgenodigd")
        other.memberships.append(TeamMembership(organisation_id=vt, team_role="safety", legal_basis="meldcode",
                                                status="invited"))
        db.session.commit()
    login(client, "vt", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    waiting = html[html.index('id="wacht-op-u"'):html.index('id="open"')]
    assert "Besluiten over heropenen" in section(html, "besluiten")
    assert "Gezin Eerste" in section(html, "overleggen") and "10:00" in section(html, "overleggen")
    assert "Gezin Uitgenodigd" in section(html, "uitnodigingen")
    assert all(part in waiting for part in ('id="besluiten"', 'id="overleggen"', 'id="uitnodigingen"'))
    assert "Besluiten over heropenen" not in section(html, "open")  # not twice


def _hand_over(client, task_ids, organisation_id, reason="De GGZ neemt dit over.", versions=None, page=PARTNERS):
    versions = versions or {}
    return client.post(page.replace("/taken", "/taken/overdragen"), data={
        "taken": [f"{task_id}:{versions.get(task_id, 1)}" for task_id in task_ids],
        "organisation_id": str(organisation_id), "reason": reason, "due_on": "",
        "csrf_token": token_for(client, page)})


def _holders(app, task_ids):
    with app.app_context():
        return {task.id: (task.state, task.organisation_id) for task in db.session.scalars(
            select(Task).where(Task.id.in_(task_ids)))}


def _task_count(app) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(Task))


def test_the_coordinator_hands_several_tasks_to_another_partner_with_one_reason(app, client, region_setup):
    dossier_id, care = region_setup["dossier"], region_setup["care"]
    ids = [add_task(app, dossier_id, region_setup["vt"], "Gesprek met moeder", 4),
           add_task(app, dossier_id, region_setup["police"], "Buurtonderzoek", 6)]
    login(client, "coord", PASSWORD)
    page = client.get(PARTNERS).get_data(as_text=True)
    assert f'value="{ids[0]}:1"' in page and 'action="/taken/overdragen?weergave=partners"' in page
    response = _hand_over(client, ids, care)
    assert response.status_code == 302 and response.headers["Location"].endswith(PARTNERS)
    assert _holders(app, ids) == {ids[0]: ("reassigned", region_setup["vt"]),
                                  ids[1]: ("reassigned", region_setup["police"])}
    with app.app_context():
        successors = db.session.scalars(select(Task).where(Task.replaces_id.in_(ids))).all()
        assert {(t.organisation_id, t.state, t.title_nl) for t in successors} == {
            (care, "open", "Gesprek met moeder"), (care, "open", "Buurtonderzoek")}
        logged = db.session.scalars(select(AccessLogEntry).where(AccessLogEntry.object.in_(
            [f"task.reassign:{task_id}" for task_id in ids]), AccessLogEntry.outcome == "allowed")).all()
        assert len(logged) == 2
    html = client.get(PARTNERS).get_data(as_text=True)
    assert "2 taken zijn overgedragen aan GGZ Test." in html
    login(ggz := app.test_client(), "ggz", PASSWORD)
    assert "Buurtonderzoek" in section(ggz.get("/taken").get_data(as_text=True), "open")


def test_a_hand_over_with_a_task_the_target_may_not_hold_is_refused_as_a_whole(app, client, region_setup):
    dossier_id, care = region_setup["dossier"], region_setup["care"]
    other = add_task(app, dossier_id, region_setup["vt"], "Gesprek met moeder", 4)
    ids = [other, region_setup["rihg"], region_setup["school_signal"]]
    before = _holders(app, ids), _task_count(app)
    login(client, "coord", PASSWORD)
    response = _hand_over(client, ids, care)
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    problems = html[html.index('role="alert"'):html.index("</div>", html.index('role="alert"'))]
    assert "Er is niets overgedragen: 2 van de 3 taken kunnen niet naar GGZ Test." in problems
    assert "Risicotaxatie huiselijk geweld (RiHG) uitvoeren en vastleggen (Gezin Eerste)" in problems
    assert "Handle with Care" in problems and "Gesprek met moeder" not in problems
    assert (_holders(app, ids), _task_count(app)) == before  # nothing changed
    for task_id in ids:  # the ticks are kept, and the reason typed
        assert f'value="{task_id}:1" id="kies-{task_id}" checked' in html
    assert "De GGZ neemt dit over." in html
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(AccessLogEntry).where(
            AccessLogEntry.object == f"task.reassign:{region_setup['rihg']}", AccessLogEntry.outcome == "denied"))


def test_a_hand_over_of_a_task_changed_meanwhile_is_refused_as_a_whole(app, client, region_setup):
    dossier_id, care = region_setup["dossier"], region_setup["care"]
    ids = [add_task(app, dossier_id, region_setup["vt"], "Gesprek met moeder", 4),
           add_task(app, dossier_id, region_setup["police"], "Buurtonderzoek", 6)]
    before = _holders(app, ids), _task_count(app)
    login(client, "coord", PASSWORD)
    with app.app_context():  # Veilig Thuis accepts its task after the coordinator's list was shown
        task = db.session.get(Task, ids[0])
        task.version_id += 1
        db.session.commit()
    response = _hand_over(client, ids, care)
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Gesprek met moeder (Gezin Eerste): Deze taak is intussen gewijzigd" in html
    assert _holders(app, ids) == before[0] and _task_count(app) == before[1]


@pytest.mark.parametrize("data, message", [
    ({"organisation_id": ""}, "Kies de organisatie die de taken overneemt."),
    ({"reason": " "}, "Geef een reden"),
    ({"taken": []}, "Vink de taken aan die u wilt overdragen."),
])
def test_a_hand_over_without_tasks_organisation_or_reason_says_what_is_missing(app, client, region_setup, data,
                                                                              message):
    task_id = add_task(app, region_setup["dossier"], region_setup["vt"], "Gesprek met moeder", 4)
    login(client, "coord", PASSWORD)
    form = {"taken": [f"{task_id}:1"], "organisation_id": str(region_setup["care"]), "reason": "Over."}
    response = post_form(client, "/taken/overdragen", {**form, **data}, token_page="/taken")
    assert response.status_code == 422 and message in response.get_data(as_text=True)
    assert _holders(app, [task_id]) == {task_id: ("open", region_setup["vt"])}


def test_a_hand_over_without_the_forms_token_is_refused(app, client, region_setup):
    task_id = add_task(app, region_setup["dossier"], region_setup["vt"], "Gesprek met moeder", 4)
    login(client, "coord", PASSWORD)
    response = client.post("/taken/overdragen", data={"taken": [f"{task_id}:1"], "reason": "Over.",
                                                      "organisation_id": str(region_setup["care"])})
    assert response.status_code == 400
    assert _holders(app, [task_id]) == {task_id: ("open", region_setup["vt"])}


def test_only_a_coordinator_hands_over_and_only_tasks_they_may_see(app, client, region_setup):
    task_id = region_setup["vt_contribution"]
    login(client, "vt", PASSWORD)
    response = post_form(client, "/taken/overdragen", {"taken": [f"{task_id}:1"], "reason": "x",
                                                       "organisation_id": str(region_setup["care"])},
                         token_page="/taken")
    assert response.status_code == 404
    assert 'action="/taken/overdragen' not in client.get("/taken").get_data(as_text=True)
    login(other := app.test_client(), "ander", PASSWORD)  # a coordinator of other families
    response = post_form(other, "/taken/overdragen", {"taken": [f"{task_id}:1"], "reason": "x",
                                                      "organisation_id": str(region_setup["care"])},
                         token_page="/taken")
    assert response.status_code == 422 and "Een aangevinkte taak is niet gevonden" in response.get_data(as_text=True)
    assert _holders(app, [task_id]) == {task_id: ("open", region_setup["vt"])}


def test_each_view_of_the_work_list_uses_a_fixed_number_of_queries(app, region_setup):
    login(client := app.test_client(), "coord", PASSWORD)

    def statements(path):
        with app.app_context():
            engine = db.engine
        with QueryCounter(engine) as counter:
            assert client.get(path).status_code == 200
        return counter.count

    few = {path: statements(path) for path in ("/taken", PARTNERS)}
    second = second_family(app, region_setup)
    with app.app_context():
        for n in range(70):
            for org, kind in ((region_setup["police"], "other"), (region_setup["team"], "other"),
                              (region_setup["police"], "restraining_order"),
                              (region_setup["team"], "reopening_decision")):
                db.session.add(Task(dossier_id=(second, region_setup["dossier"])[n % 2], kind=kind, title_nl=f"T{n}",
                                    title_en=f"T{n}", organisation_id=org, start_on=clock.today(),
                                    due_on=clock.today() + timedelta(days=n - 35)))
        db.session.commit()
    # at most as many: a page full of urgent tasks needs no statement for the others
    for path in few:
        assert statements(path) <= few[path]
        assert statements(f"{path}{'&' if '?' in path else '?'}na=u{clock.today().isoformat()}_1") <= few[path]
        assert statements(f"{path}{'&' if '?' in path else '?'}na=o{clock.today().isoformat()}_1") <= few[path]


def test_the_team_lead_finds_the_escalations_waiting_for_their_decision_on_top(app):
    with app.app_context():
        people = build_ladder(PASSWORD)
        case_id, region_id = people.case.id, people.region.id
    stalled_to(app, SimpleNamespace(case=case_id, region=region_id), 1)
    login(client := app.test_client(), "lead", PASSWORD)
    html = client.get("/taken").get_data(as_text=True)
    waiting = section(html, "escalaties")
    assert "Gezin Ladder" in waiting and 'href="/escalaties/' in waiting
    assert html.index('id="wacht-op-u"') < html.index('id="open"')
    login(other := app.test_client(), "lead2", PASSWORD)  # another team's lead
    assert "Gezin Ladder" not in other.get("/taken").get_data(as_text=True)
