"""A RiHG that points to a temporary restraining order (huisverbod): the police consider it the next
working day and record whether the mayor imposed it, which puts the order on the dossier's front
and gives them the decision on its extension before its 10 days end (28 days in total at most);
that decision, recorded on the task, moves the order's end date."""
from datetime import timedelta

from sqlalchemy import select

from mda.core import clock
from mda.engine.models import TransitionLog
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.reviews.models import RestrainingOrder
from mda.tasks.models import Task
from tests.support.web import login, post_form
from tests.tasks.conftest import PASSWORD, get_task
from tests.tasks.test_task_steps import record_rihg, tasks_of


def consider_task(app, client, region_setup) -> Task:
    assert record_rihg(client, region_setup["dossier"], perpetrator_red=2, incident_blue=2).status_code == 302
    [order] = tasks_of(app, region_setup["police"], "restraining_order")
    post_form(client, f"/taken/{order.id}", {"event": "accept", "version": str(order.version_id)})
    return get_task(app, order.id)


def orders(app, dossier_id):
    with app.app_context():
        rows = list(db.session.scalars(select(RestrainingOrder).where(RestrainingOrder.dossier_id == dossier_id)))
        for row in rows:
            db.session.expunge(row)
        return rows


def impose(app, client, region_setup, imposed_on):
    order = consider_task(app, client, region_setup)
    response = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Burgemeester heeft het huisverbod opgelegd.",
        "imposed": "yes", "imposed_on": imposed_on.isoformat()})
    assert response.status_code == 302
    return order


def test_an_imposed_order_brings_the_extension_decision_before_it_ends(app, client, region_setup):
    login(client, "agent", PASSWORD)
    order = consider_task(app, client, region_setup)
    page = client.get(f"/taken/{order.id}").get_data(as_text=True)
    assert "Er is een tijdelijk huisverbod opgelegd" in page and "Opgelegd op" in page
    imposed_on = clock.today() - timedelta(days=1)
    response = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Burgemeester heeft het huisverbod opgelegd.",
        "imposed": "yes", "imposed_on": imposed_on.isoformat()})
    assert response.status_code == 302
    assert get_task(app, order.id).state == "done"
    [_, extension] = tasks_of(app, region_setup["police"], "restraining_order")
    with app.app_context():
        calendar = task_context(db.session.get(Task, extension.id).dossier.region_id).calendar
    assert extension.state == "open"
    assert extension.due_on == calendar.previous_working_day(imposed_on + timedelta(days=10))
    assert extension.dedupe_key == f"restraining_order_extension:{imposed_on.isoformat()}"
    assert "Besluit over verlenging van het huisverbod" in extension.title_nl
    assert "28 dagen in totaal" in extension.title_nl
    listing = client.get("/taken").get_data(as_text=True)
    assert "Een taak om vóór het aflopen over verlenging van het huisverbod te besluiten is toegevoegd." in listing
    [recorded] = orders(app, region_setup["dossier"])
    assert (recorded.state, recorded.imposed_on, recorded.ends_on) == (
        "imposed", imposed_on, imposed_on + timedelta(days=10))
    # the extension task asks for the mayor's decision on the extension, not for a new order
    post_form(client, f"/taken/{extension.id}", {"event": "accept", "version": str(extension.version_id)})
    extension_page = client.get(f"/taken/{extension.id}").get_data(as_text=True)
    assert "Opgelegd op" not in extension_page
    assert "Het huisverbod is verlengd" in extension_page and "Verlengd tot" in extension_page


def test_the_extension_decided_on_the_task_moves_the_end_date_on_the_dossiers_front(app, client, region_setup):
    login(client, "agent", PASSWORD)
    imposed_on = clock.today() - timedelta(days=3)
    impose(app, client, region_setup, imposed_on)
    dossier = f"/dossiers/{region_setup['dossier']}"
    front = client.get(dossier).get_data(as_text=True)
    head = front[:front.index("</dl>")]
    assert "Huisverbod" in head and "Opgelegd" in head
    [_, extension] = tasks_of(app, region_setup["police"], "restraining_order")
    post_form(client, f"/taken/{extension.id}", {"event": "accept", "version": str(extension.version_id)})
    version = str(get_task(app, extension.id).version_id)
    too_long = post_form(client, f"/taken/{extension.id}", {
        "event": "complete", "version": version, "result": "Verlengd door de burgemeester.", "extended": "yes",
        "ends_on": (imposed_on + timedelta(days=29)).isoformat()})
    html = too_long.get_data(as_text=True)
    assert too_long.status_code == 422 and "Een huisverbod duurt ten hoogste 28 dagen" in html
    assert "Verlengd door de burgemeester." in html
    assert get_task(app, extension.id).state == "accepted"
    ends_on = imposed_on + timedelta(days=28)
    response = post_form(client, f"/taken/{extension.id}", {
        "event": "complete", "version": version, "result": "Verlengd door de burgemeester.", "extended": "yes",
        "ends_on": ends_on.isoformat()})
    assert response.status_code == 302
    done = get_task(app, extension.id)
    assert (done.state, done.result) == ("done", "Verlengd door de burgemeester.")
    [order] = orders(app, region_setup["dossier"])
    assert (order.state, order.ends_on, order.extended_on) == ("extended", ends_on, clock.today())
    with app.app_context():
        log = db.session.scalars(select(TransitionLog).where(TransitionLog.workflow == "restraining_order")).one()
        assert (log.event, log.from_state, log.to_state, log.username) == ("extend", "imposed", "extended", "agent")
    head = client.get(dossier).get_data(as_text=True)
    head = head[:head.index("</dl>")]
    assert "Verlengd" in head and "tot" in head


def test_an_extension_task_without_extension_leaves_the_order_to_end(app, client, region_setup):
    login(client, "agent", PASSWORD)
    impose(app, client, region_setup, clock.today())
    [_, extension] = tasks_of(app, region_setup["police"], "restraining_order")
    post_form(client, f"/taken/{extension.id}", {"event": "accept", "version": str(extension.version_id)})
    missing = post_form(client, f"/taken/{extension.id}", {
        "event": "complete", "version": str(get_task(app, extension.id).version_id), "result": "Besproken."})
    assert missing.status_code == 422 and "Kies of het huisverbod is verlengd." in missing.get_data(as_text=True)
    response = post_form(client, f"/taken/{extension.id}", {
        "event": "complete", "version": str(get_task(app, extension.id).version_id),
        "result": "Niet verlengd: de situatie is rustig.", "extended": "no", "ends_on": ""})
    assert response.status_code == 302
    [order] = orders(app, region_setup["dossier"])
    assert (order.state, order.ends_on) == ("imposed", clock.today() + timedelta(days=10))


def test_no_order_no_extension_task(app, client, region_setup):
    login(client, "agent", PASSWORD)
    order = consider_task(app, client, region_setup)
    response = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Geen huisverbod: pleger is vertrokken.",
        "imposed": "no", "imposed_on": ""})
    assert response.status_code == 302
    assert [t.state for t in tasks_of(app, region_setup["police"], "restraining_order")] == ["done"]
    assert orders(app, region_setup["dossier"]) == []


def test_an_imposed_order_needs_its_date_and_the_input_is_kept(app, client, region_setup):
    login(client, "agent", PASSWORD)
    order = consider_task(app, client, region_setup)
    response = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Opgelegd.", "imposed": "yes",
        "imposed_on": ""})
    html = response.get_data(as_text=True)
    assert response.status_code == 422 and "Vul de dag in waarop het huisverbod is opgelegd." in html
    assert "Opgelegd." in html
    missing = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Besproken."})
    assert missing.status_code == 422
    assert "Kies of er een tijdelijk huisverbod is opgelegd." in missing.get_data(as_text=True)
    assert get_task(app, order.id).state == "accepted"
    assert len(tasks_of(app, region_setup["police"], "restraining_order")) == 1
