"""End to end in headless Chromium: the administrator lands on the administration's start page,
goes to the users, creates an account for a new colleague with a password to start with; the
colleague logs in with it, cannot go anywhere before choosing a password of their own, chooses it
and lands on their tasks; the administrator sees on the account's page who created it."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select
from sqlalchemy import select

from mda.auth.models import User
from mda.extensions import db
from tests.e2e.browser import click_and_wait, log_in, submit_and_wait

pytestmark = pytest.mark.e2e
START = "welkom bij het wijkteam"
OWN = "een zin die alleen ik ken"


def fill(driver, values: dict) -> None:
    for field_id, value in values.items():
        element = driver.find_element(By.ID, field_id)
        element.clear()
        element.send_keys(value)


def test_a_new_colleague_is_created_and_chooses_a_password_at_the_first_login(app, page):
    driver, base = page
    log_in(driver, base, "beheer")
    assert driver.current_url == f"{base}/beheer"
    assert driver.find_element(By.TAG_NAME, "h1").text == "Beheer van Regio Voorbeeld"
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Gebruikers"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Nieuwe gebruiker"))
    fill(driver, {"username": "fleur", "full_name": "Fleur de Groot", "email": "fleur@example.org",
                  "password": START})
    Select(driver.find_element(By.ID, "organisation")).select_by_visible_text("Wijkteam Voorbeeld-Noord")
    Select(driver.find_element(By.ID, "role")).select_by_visible_text("Professional")
    submit_and_wait(driver)
    assert "Fleur de Groot kan nu inloggen als fleur" in driver.page_source
    assert "Account aangemaakt als professional" in driver.page_source and "Sandra Vos (beheer)" in driver.page_source

    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    fill(driver, {"username": "fleur", "password": START})
    submit_and_wait(driver)
    assert driver.current_url == f"{base}/wachtwoord"
    assert "De beheerder heeft u een startwachtwoord gegeven." in driver.page_source
    driver.get(f"{base}/dossiers")
    assert driver.current_url == f"{base}/wachtwoord"  # nothing else opens before the new password
    fill(driver, {"current": START, "new": OWN, "repeat": OWN})
    submit_and_wait(driver)
    assert driver.current_url == f"{base}/taken"
    assert "Uw wachtwoord is gewijzigd." in driver.page_source
    with app.app_context():
        fleur = db.session.scalar(select(User).where(User.username == "fleur"))
        assert not fleur.must_change_password and fleur.organisation.name == "Wijkteam Voorbeeld-Noord"
