"""End to end in headless Chromium: the police apply for a new family, the Zorg- en
Veiligheidshuis plans and accepts it in triage, the appointed coordinator plans the first case
conference, and the police find it on their agenda."""
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.browser import click_and_wait, log_in, switch_user

from mda.core import clock

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Verhoef"


def set_value(driver, element_id, value):
    """Date and time inputs: set the ISO value the browser submits, whatever the locale shows."""
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, element_id), value)


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def test_application_to_accepted_case_to_first_conference(page):
    driver, base = page
    log_in(driver, base, "politie")
    driver.get(f"{base}/aanmeldingen")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Een nieuw gezin aanmelden"))
    driver.find_element(By.ID, "family_reference").send_keys(FAMILY)
    driver.find_element(By.ID, "persons-0-name").send_keys("Maaike Verhoef")
    Select(driver.find_element(By.ID, "persons-0-role")).select_by_value("victim")
    driver.find_element(By.ID, "persons-1-name").send_keys("Ruben Verhoef")
    Select(driver.find_element(By.ID, "persons-1-role")).select_by_value("perpetrator")
    set_value(driver, "signal_reported_on", (clock.today() - timedelta(days=2)).isoformat())
    Select(driver.find_element(By.ID, "signal_violence_type")).select_by_value("physical")
    driver.find_element(By.ID, "reason").send_keys("Vierde politie-inzet dit jaar.")
    driver.find_element(By.ID, "goal").send_keys("Eén plan voor veiligheid.")
    click_and_wait(driver, button(driver, "Indienen bij het triageoverleg"))
    assert "Vink minstens één MDA++-criterium aan" in driver.page_source  # no criterion: refused
    driver.find_element(By.ID, "criterion_incidents_repeat").click()
    driver.find_element(By.ID, "explanation_incidents_repeat").send_keys("Vier incidenten in een jaar.")
    click_and_wait(driver, button(driver, "Indienen bij het triageoverleg"))
    assert "Wacht op triage" in driver.page_source

    switch_user(driver, base, "zvh")
    driver.get(f"{base}/triage")
    assert "0 dagen" in driver.find_element(By.TAG_NAME, "main").text
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, FAMILY))
    set_value(driver, "plan-held_on", clock.today().isoformat())
    click_and_wait(driver, button(driver, "Plannen"))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, FAMILY))
    driver.find_element(By.CSS_SELECTOR, "input[name=decision][value=accepted]").click()
    driver.find_element(By.ID, "reason").send_keys("Herhaald geweld met escalatierisico.")
    Select(driver.find_element(By.ID, "coordinator_id")).select_by_visible_text(
        "Marloes de Wit, Wijkteam Voorbeeld-Noord")
    vt = driver.find_element(By.XPATH, "//label[normalize-space()='Veilig Thuis Regio Voorbeeld']")
    driver.find_element(By.ID, vt.get_attribute("for")).click()
    click_and_wait(driver, button(driver, "Besluit vastleggen"))
    assert "Geaccepteerd voor MDA++" in driver.page_source

    switch_user(driver, base, "regisseur")
    driver.get(f"{base}/aanmeldingen")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, FAMILY))
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Casusoverleg plannen"))
    day = clock.today() + timedelta(days=7)
    set_value(driver, "held_on", day.isoformat())
    set_value(driver, "starts_at", "10:00")
    set_value(driver, "ends_at", "11:30")
    driver.find_element(By.ID, "place").send_keys("Stationsplein 1, Voorbeeld")
    click_and_wait(driver, button(driver, "Casusoverleg plannen"))
    assert driver.find_element(By.TAG_NAME, "h1").text.startswith("Casusoverleg van")
    invited = driver.find_element(By.ID, "aanwezigheid").text
    assert "Politie Eenheid Voorbeeld" in invited and "Maaike Verhoef" in invited

    switch_user(driver, base, "politie")
    driver.get(f"{base}/agenda")
    agenda = driver.find_element(By.TAG_NAME, "main").text
    assert FAMILY in agenda and "Toevoegen aan agenda (.ics)" in agenda
    driver.get(f"{base}/taken")
    click_and_wait(driver, driver.find_element(
        By.XPATH, f"//article[h4[normalize-space()='{FAMILY}']]//button[@name='event' and @value='accept']"))
    driver.get(f"{base}/agenda")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, FAMILY))
    assert "Veiligheidsronde" in driver.find_element(By.TAG_NAME, "main").text
