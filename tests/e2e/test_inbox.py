"""End to end in headless Chromium: the police decline a task; the coordinator sees the unread
count in the header, opens the message in the inbox, lands on the task, marks everything read and
chooses to get declined tasks by e-mail at once."""
import pytest
from selenium.webdriver.common.by import By
from sqlalchemy import func, select

from mda.auth.models import User
from mda.dossiers.models import Dossier
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.tasks.models import Task
from tests.e2e.browser import click_and_wait, log_in, submit_and_wait, switch_user

pytestmark = pytest.mark.e2e


def unread(app, username) -> int:
    with app.app_context():
        return db.session.scalar(select(func.count(InboxItem.id)).join(User, User.id == InboxItem.user_id).where(
            User.username == username, InboxItem.read_at.is_(None)))


def header_count(driver) -> str:
    badges = driver.find_elements(By.CSS_SELECTOR, ".site-inbox__count")
    return badges[0].text if badges else ""


def test_a_declined_task_reaches_the_coordinators_inbox(app, page):
    driver, base = page
    with app.app_context():
        task_id, reference = db.session.execute(
            select(Task.id, Dossier.reference).join(Dossier, Dossier.id == Task.dossier_id)
            .join(User, User.id == Dossier.coordinator_id)
            .where(Task.state == "open", Task.organisation_id == select(User.organisation_id).where(
                User.username == "politie").scalar_subquery(), User.username == "regisseur")
            .order_by(Task.id).limit(1)).one()
    log_in(driver, base, "politie")
    driver.get(f"{base}/taken/{task_id}")
    driver.find_element(By.CSS_SELECTOR, "#stap-decline textarea").send_keys("Past niet bij ons.")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#stap-decline button[type=submit]"))

    before = unread(app, "regisseur")
    switch_user(driver, base, "regisseur")
    assert header_count(driver) == str(before)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a.site-inbox"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Berichten"
    newest = driver.find_element(By.CSS_SELECTOR, ".inbox-item")
    assert "Taak afgewezen" in newest.text and reference in newest.text and "ongelezen" in newest.text
    click_and_wait(driver, newest.find_element(By.TAG_NAME, "a"))
    assert driver.current_url.endswith(f"/taken/{task_id}") and "Past niet bij ons." in driver.page_source
    assert header_count(driver) == (str(before - 1) if before > 1 else "")

    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a.site-inbox"))
    if before > 1:
        mark_all = driver.find_element(By.XPATH, "//button[normalize-space()='Alles als gelezen markeren']")
        click_and_wait(driver, mark_all)
        assert "als gelezen gemarkeerd" in driver.page_source
    assert header_count(driver) == "" and unread(app, "regisseur") == 0

    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Kies welke berichten u per e-mail krijgt"))
    driver.find_element(By.ID, "task_declined-1").click()  # by e-mail at once
    submit_and_wait(driver)
    assert "Uw keuzes zijn opgeslagen." in driver.page_source
    assert driver.find_element(By.ID, "task_declined-1").is_selected()
