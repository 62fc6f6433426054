"""The temporary restraining order (huisverbod) on the dossier: its status and end date on the
dossier's front, recorded by the police or the coordinator, extended to at most 28 days in total
and withdrawn through the engine; in the demo, as the history left it."""
from datetime import datetime, time, timedelta

import time_machine
from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.reviews.models import RestrainingOrder, RiskAssessment
from mda.tasks.models import Task
from tests.reviews.support import dutch_day, hidden
from tests.support.web import login, post_form


def dossier_id(app, reference):
    with app.app_context():
        return db.session.scalar(select(Dossier.id).where(Dossier.reference == reference))


def front(client, dossier):
    html = client.get(f"/dossiers/{dossier}").get_data(as_text=True)
    return html[:html.index("</dl>")]


def orders(app, dossier):
    with app.app_context():
        rows = list(db.session.scalars(select(RestrainingOrder).where(RestrainingOrder.dossier_id == dossier)
                                       .order_by(RestrainingOrder.id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def test_the_demo_shows_the_extended_order_and_the_structured_rihg_on_the_front(app, family, as_user):
    [order] = orders(app, family)
    imposed_on = clock.today() - timedelta(days=20)
    assert (order.state, order.imposed_on, order.ends_on) == ("extended", imposed_on, imposed_on + timedelta(days=28))
    head = front(as_user("ggz"), family)
    assert "Huisverbod" in head and "Verlengd" in head and f"tot {dutch_day(order.ends_on)}" in head
    assert "Emre Yilmaz" in head
    with app.app_context():
        rihg = db.session.scalar(select(RiskAssessment).where(RiskAssessment.dossier_id == family,
                                                              RiskAssessment.instrument == "rihg"))
        assert (rihg.level, rihg.points_to_restraining_order, rihg.answer_map()["perpetrator_red"]) == (
            "high", True, "2")
    smit = dossier_id(app, "Gezin Smit")
    assert "Afgelopen" in front(as_user("regisseur"), smit)
    vermeulen = dossier_id(app, "Gezin Vermeulen-Bouzid")
    assert orders(app, vermeulen) == [] and "Huisverbod" not in front(as_user("wijkteam"), vermeulen)
    with app.app_context():
        b_safer = db.session.scalar(select(RiskAssessment).where(RiskAssessment.instrument == "b_safer"))
        assert len(b_safer.answers) == 20 and b_safer.level == "high"


def test_the_police_record_an_order_the_mayor_imposed_and_its_withdrawal(app, demo, as_user):
    dossier = dossier_id(app, "Gezin El Idrissi")
    police = as_user("politie")
    page = police.get(f"/dossiers/{dossier}/huisverboden/nieuw").get_data(as_text=True)
    assert "Het duurt 10 dagen" in page
    future = post_form(police, f"/dossiers/{dossier}/huisverboden/nieuw", {
        "person_id": "", "imposed_on": (clock.today() + timedelta(days=1)).isoformat()})
    assert future.status_code == 422 and "Deze datum kan niet in de toekomst liggen." in future.get_data(as_text=True)
    imposed_on = clock.today() - timedelta(days=2)
    response = post_form(police, f"/dossiers/{dossier}/huisverboden/nieuw", {
        "person_id": "", "imposed_on": imposed_on.isoformat()})
    assert response.status_code == 302 and response.headers["Location"].endswith("#huisverbod")
    [order] = orders(app, dossier)
    assert (order.state, order.ends_on) == ("imposed", imposed_on + timedelta(days=10))
    head = front(police, dossier)
    assert "Opgelegd" in head and f"tot {dutch_day(order.ends_on)}" in head
    with app.app_context():
        extension = db.session.scalar(select(Task).where(
            Task.dossier_id == dossier, Task.dedupe_key == f"restraining_order_extension:{imposed_on.isoformat()}"))
        assert extension.state == "open"
    path = f"/dossiers/{dossier}/huisverboden/{order.id}"
    page = police.get(path).get_data(as_text=True)
    assert "Verlenging vastleggen" in page and "Intrekking vastleggen" in page
    no_reason = police.post(path + "/intrekking", data={
        "csrf_token": hidden(page, "csrf_token"), "version": str(order.version_id), "reason": " ",
        "decided_on": clock.today().isoformat()})
    assert no_reason.status_code == 422
    assert "Geef aan waarom het huisverbod is ingetrokken." in no_reason.get_data(as_text=True)
    lifted = police.post(path + "/intrekking", data={
        "csrf_token": hidden(page, "csrf_token"), "version": str(order.version_id),
        "reason": "De rechter heeft het huisverbod geschorst.", "decided_on": clock.today().isoformat()})
    assert lifted.status_code == 302
    [order] = orders(app, dossier)
    assert (order.state, order.lifted_on, order.lift_reason) == (
        "lifted", clock.today(), "De rechter heeft het huisverbod geschorst.")
    with app.app_context():
        assert db.session.get(Task, extension.id).state == "cancelled"
        assert db.session.scalar(select(TransitionLog.event).where(
            TransitionLog.workflow == "restraining_order", TransitionLog.object_id == order.id)) == "lift"
    assert "Ingetrokken" in front(police, dossier)
    stale = police.post(path + "/intrekking", data={
        "csrf_token": hidden(page, "csrf_token"), "version": "1", "reason": "Nogmaals.",
        "decided_on": clock.today().isoformat()})
    assert stale.status_code == 409 and "Nogmaals." in stale.get_data(as_text=True)


def test_an_extension_runs_to_a_later_day_within_twenty_eight_days(app, demo, as_user):
    dossier = dossier_id(app, "Gezin El Idrissi")
    coordinator = as_user("regisseur")
    imposed_on = clock.today() - timedelta(days=5)
    assert post_form(coordinator, f"/dossiers/{dossier}/huisverboden/nieuw", {
        "person_id": "", "imposed_on": imposed_on.isoformat()}).status_code == 302
    [order] = orders(app, dossier)
    path = f"/dossiers/{dossier}/huisverboden/{order.id}"
    page = coordinator.get(path).get_data(as_text=True)
    assert f"tot uiterlijk {dutch_day(imposed_on + timedelta(days=28))}" in page
    data = {"csrf_token": hidden(page, "csrf_token"), "version": str(order.version_id),
            "decided_on": clock.today().isoformat()}
    too_long = coordinator.post(path + "/verlenging", data={
        **data, "ends_on": (imposed_on + timedelta(days=29)).isoformat()})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "Een huisverbod duurt ten hoogste 28 dagen" in html
    assert (imposed_on + timedelta(days=29)).isoformat() in html  # the input is kept
    earlier = coordinator.post(path + "/verlenging", data={**data, "ends_on": order.ends_on.isoformat()})
    assert earlier.status_code == 422 and "de huidige einddatum" in earlier.get_data(as_text=True)
    ends_on = imposed_on + timedelta(days=21)
    assert coordinator.post(path + "/verlenging", data={**data, "ends_on": ends_on.isoformat()}).status_code == 302
    [order] = orders(app, dossier)
    assert (order.state, order.ends_on, order.extended_on) == ("extended", ends_on, clock.today())
    with app.app_context():
        extension = db.session.scalar(select(Task).where(
            Task.dossier_id == dossier, Task.dedupe_key == f"restraining_order_extension:{imposed_on.isoformat()}"))
        assert extension.state == "done" and dutch_day(ends_on).split()[0] in extension.result
    assert f"tot {dutch_day(ends_on)}" in front(coordinator, dossier)


def test_an_order_that_passed_its_end_date_has_ended_and_can_no_longer_change(app, demo, as_user):
    dossier = dossier_id(app, "Gezin El Idrissi")
    police = as_user("politie")
    assert post_form(police, f"/dossiers/{dossier}/huisverboden/nieuw", {
        "person_id": "", "imposed_on": clock.today().isoformat()}).status_code == 302
    [order] = orders(app, dossier)
    later = datetime.combine(clock.today() + timedelta(days=11), time(12), tzinfo=clock.ZONE)
    with time_machine.travel(later, tick=True):
        police = app.test_client()  # the session of eleven days ago has expired
        login(police, "politie")
        assert "Afgelopen" in front(police, dossier)
        page = police.get(f"/dossiers/{dossier}/huisverboden/{order.id}").get_data(as_text=True)
        assert "Verlenging vastleggen" not in page and "Intrekking vastleggen" not in page
        late = police.post(f"/dossiers/{dossier}/huisverboden/{order.id}/verlenging", data={
            "csrf_token": hidden(page, "csrf_token"), "version": str(order.version_id),
            "decided_on": clock.today().isoformat(), "ends_on": (clock.today() + timedelta(days=3)).isoformat()})
        assert late.status_code == 422 and "Het huisverbod is afgelopen op" in late.get_data(as_text=True)


def test_only_the_police_on_the_team_and_the_coordinator_record_orders(app, demo, as_user):
    dossier = dossier_id(app, "Gezin Bakker-Yilmaz")
    [order] = orders(app, dossier)
    for outsider in ("ggz", "veiligthuis", "buiten", "school"):
        client = as_user(outsider)
        assert client.get(f"/dossiers/{dossier}/huisverboden/nieuw").status_code == 404, outsider
        refused = post_form(client, f"/dossiers/{dossier}/huisverboden/{order.id}/intrekking", {
            "version": str(order.version_id), "reason": "Niet aan ons.", "decided_on": clock.today().isoformat()},
            token_page="/taken")
        assert refused.status_code == 404, outsider
    # the team sees the order; outsiders do not
    assert as_user("ggz").get(f"/dossiers/{dossier}/huisverboden/{order.id}").status_code == 200
    assert as_user("buiten").get(f"/dossiers/{dossier}/huisverboden/{order.id}").status_code == 404
    assert orders(app, dossier)[0].state == "extended"
