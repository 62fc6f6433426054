"""End to end in headless Chromium: the police record an acute call-out of a family in phase 2; the
coordinator records Veilig Thuis's report of the same call-out, which joins it as one incident; the
coordinator sees the relapse on the dossier, reopens the safety plan in their own name and is
offered a case conference about the relapse with its agenda filled in."""
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mda.core import clock
from tests.e2e.browser import click_and_wait, log_in, open_family, submit_and_wait, switch_user

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Martina"  # phase 2, coordinator "regisseur", the police and Veilig Thuis on the team


def set_value(driver, element_id, value):
    """Date and time inputs take their value the way the browser's own picker would set it."""
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, element_id), value)


def record(driver, day, at, reporter_kind, description, callout=False, reporter=None):
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[href$='/signals/new']"))
    set_value(driver, "reported_on", day.isoformat())
    set_value(driver, "reported_time", at)
    Select(driver.find_element(By.ID, "reporter_kind")).select_by_value(reporter_kind)
    if reporter:
        Select(driver.find_element(By.ID, "reporter_organisation_id")).select_by_visible_text(reporter)
    Select(driver.find_element(By.ID, "violence_type")).select_by_value("physical")
    driver.find_element(By.ID, "acute").click()
    if callout:
        driver.find_element(By.ID, "police_callout").click()
    driver.find_element(By.ID, "description").send_keys(description)
    submit_and_wait(driver)


def test_a_relapse_is_work_for_the_coordinator_and_one_call_out_one_incident(page):
    driver, base = page
    yesterday = clock.today() - timedelta(days=1)
    log_in(driver, base, "politie")
    open_family(driver, base, FAMILY)
    record(driver, yesterday, "22:40", "police", "Politie-inzet: moeder met letsel, kinderen thuis.", callout=True)
    assert "Terugval op" in driver.find_element(By.ID, "terugval").text
    assert "Heropen het veiligheidsplan" not in driver.page_source  # the coordinator's work

    switch_user(driver, base, "regisseur")
    open_family(driver, base, FAMILY)
    record(driver, yesterday, "23:30", "professional", "Melding van Veilig Thuis na de politiemelding.",
           reporter="Veilig Thuis Regio Voorbeeld")
    assert "vastgelegd bij het incident" in driver.page_source
    timeline = driver.find_element(By.ID, "tijdlijn").text
    assert "één incident, 2 meldingen" in timeline and "Melding van Veilig Thuis na de politiemelding." in timeline

    click_and_wait(driver, driver.find_element(By.ID, "terugval").find_element(
        By.LINK_TEXT, "Plan een casusoverleg over de terugval"))
    assert "Dit casusoverleg gaat over de terugval" in driver.page_source
    assert driver.find_element(By.ID, "agenda").get_attribute("value").startswith("1. De terugval van")

    open_family(driver, base, FAMILY)
    click_and_wait(driver, driver.find_element(By.ID, "terugval").find_element(
        By.XPATH, ".//button[normalize-space()='Heropen het veiligheidsplan voor het team']"))
    assert "is heropend als versie" in driver.page_source
    assert "Heropend na de terugval" in driver.find_element(By.TAG_NAME, "main").text
    open_family(driver, base, FAMILY)
    assert not driver.find_elements(By.ID, "terugval")  # the revision is done; the partners confirm now
