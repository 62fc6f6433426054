"""A RiHG that points to a temporary restraining order (huisverbod): the police consider it the next
working day, record whether the mayor imposed it, and then get the decision on its extension
before its 10 days end (28 days in total at most)."""
from datetime import timedelta

from mda.core import clock
from mda.orgs.calendar import task_context
from mda.extensions import db
from mda.tasks.models import Task
from tests.support.web import login, post_form
from tests.tasks.conftest import PASSWORD, get_task
from tests.tasks.test_task_steps import tasks_of


def consider_task(app, client, region_setup) -> Task:
    rihg = region_setup["rihg"]
    page = f"/taken/{rihg}"
    post_form(client, page, {"event": "accept", "version": "1"})
    response = post_form(client, page, {
        "event": "complete", "version": str(get_task(app, rihg).version_id), "result": "RiHG afgenomen.",
        "outcome": "Twee rode signalen in deel A.", "points_to_restraining_order": "y"})
    assert response.status_code == 302
    [order] = tasks_of(app, region_setup["police"], "restraining_order")
    post_form(client, f"/taken/{order.id}", {"event": "accept", "version": str(order.version_id)})
    return get_task(app, order.id)


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
    # the extension task itself is completed with a plain result: no second decision form
    extension_page = client.get(f"/taken/{extension.id}").get_data(as_text=True)
    assert "Opgelegd op" not in extension_page


def test_no_order_no_extension_task(app, client, region_setup):
    login(client, "agent", PASSWORD)
    order = consider_task(app, client, region_setup)
    response = post_form(client, f"/taken/{order.id}", {
        "event": "complete", "version": str(order.version_id), "result": "Geen huisverbod: pleger is vertrokken.",
        "imposed": "no", "imposed_on": ""})
    assert response.status_code == 302
    assert [t.state for t in tasks_of(app, region_setup["police"], "restraining_order")] == ["done"]


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
