"""In headless Chromium: the case coordinator ticks two tasks of a partner on the work list and
hands them to another partner with one reason; a hand-over with a task the target may not hold is
refused as a whole, naming it."""
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from mda.auth.models import User
from mda.core import clock
from mda.dossiers.models import Dossier, TeamMembership
from mda.extensions import db
from mda.tasks.models import Task
from tests.e2e.browser import click_and_wait, log_in

pytestmark = pytest.mark.e2e


def two_partner_tasks(app):
    """Two long-overdue tasks of one partner on a family the demo coordinator coordinates, the
    police's risk assessment there, and another partner on its team of a kind that does the work."""
    with app.app_context():
        coordinator = db.session.scalar(select(User).where(User.username == "regisseur"))
        for dossier in db.session.scalars(select(Dossier).where(Dossier.coordinator_id == coordinator.id)
                                          .order_by(Dossier.id)):
            partners = [m.organisation for m in dossier.memberships if m.status == "active"
                        and m.organisation_id != coordinator.organisation_id and m.organisation.kind in ("vt", "care")]
            kinds = {org.kind for org in partners}
            if {"vt", "care"} <= kinds:
                break
        holder = next(org for org in partners if org.kind == "vt")
        target = next(org for org in partners if org.kind == "care")
        today = clock.today()
        tasks = [Task(dossier_id=dossier.id, kind="other", title_nl=title, title_en=title, organisation_id=holder.id,
                      start_on=today - timedelta(days=120), due_on=today - timedelta(days=100))
                 for title in ("Huisbezoek plannen", "Netwerkberaad voorbereiden")]
        risk = Task(dossier_id=dossier.id, kind="police_risk_assessment", title_nl="RiHG bijwerken",
                    title_en="Update the RiHG", organisation_id=holder.id, start_on=today - timedelta(days=120),
                    due_on=today - timedelta(days=99))
        db.session.add_all([*tasks, risk])
        assert db.session.scalar(select(TeamMembership.id).where(TeamMembership.dossier_id == dossier.id,
                                                                TeamMembership.organisation_id == target.id))
        db.session.commit()
        return [task.id for task in tasks], risk.id, target.id, target.name


def test_the_coordinator_hands_two_tasks_to_another_partner_and_is_refused_as_a_whole(app, page):
    driver, base = page
    task_ids, risk_id, target_id, target_name = two_partner_tasks(app)
    log_in(driver, base, "regisseur")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Gevraagd aan partners"))
    assert "weergave=partners" in driver.current_url

    for task_id in (*task_ids, risk_id):  # with one the target may not hold: nothing moves
        driver.find_element(By.ID, f"kies-{task_id}").click()
    Select(driver.find_element(By.ID, "organisation_id")).select_by_value(str(target_id))
    driver.find_element(By.ID, "reason").send_keys("De zorgpartner heeft het contact met moeder.")
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Gekozen taken overdragen']"))
    alert = driver.find_element(By.CSS_SELECTOR, "[role=alert]").text
    assert f"Er is niets overgedragen: 1 van de 3 taken kunnen niet naar {target_name}." in alert
    assert "RiHG bijwerken" in alert and "Huisbezoek plannen" not in alert
    assert driver.find_element(By.ID, f"kies-{task_ids[0]}").is_selected()
    assert driver.find_element(By.ID, "reason").get_attribute("value") == "De zorgpartner heeft het contact met moeder."

    driver.find_element(By.ID, f"kies-{risk_id}").click()  # untick it and hand over the other two
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Gekozen taken overdragen']"))
    assert f"2 taken zijn overgedragen aan {target_name}." in driver.page_source
    with app.app_context():
        moved = db.session.scalars(select(Task).where(Task.replaces_id.in_(task_ids))).all()
        assert sorted(task.organisation_id for task in moved) == [target_id, target_id]
        assert db.session.get(Task, risk_id).state == "open"
