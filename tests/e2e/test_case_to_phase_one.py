"""End to end in headless Chromium: a demo dossier from registered to phase 1, by the coordinator,
Veilig Thuis and the police, each in their own session."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e import browser
from tests.e2e.browser import click_and_wait, log_in, submit_and_wait

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Öztürk"


def open_family(driver, base):
    browser.open_family(driver, base, FAMILY)


def click_step(driver, label):
    button = driver.find_element(By.XPATH, f"//section[@id='stappen']//button[normalize-space()='{label}']")
    click_and_wait(driver, button)


def current_phase(driver) -> str:
    return driver.find_element(By.CSS_SELECTOR, ".step-bar [aria-current=step]").text


def invite(driver, base, organisation):
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Partnerorganisatie toevoegen"))
    Select(driver.find_element(By.ID, "organisation_id")).select_by_visible_text(organisation)
    Select(driver.find_element(By.ID, "team_role")).select_by_value("safety")
    Select(driver.find_element(By.ID, "legal_basis")).select_by_value("meldcode")
    submit_and_wait(driver)


def accept_invitation(driver, base, username):
    driver.delete_all_cookies()
    log_in(driver, base, username)
    driver.get(f"{base}/taken")
    invitation = driver.find_element(By.XPATH, f"//*[contains(., '{FAMILY}')]/descendant-or-self::form"
                                               "[.//button[@name='event' and @value='accept']]")
    click_and_wait(driver, invitation.find_element(By.CSS_SELECTOR, "button[name=event][value=accept]"))


def test_registered_to_phase_one_in_the_browser(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base)
    assert current_phase(driver).endswith("Aangemeld")
    blocked = driver.find_element(By.CSS_SELECTOR, "#stappen").text
    assert "Start veiligheidsbeoordeling" in blocked
    click_step(driver, "Start veiligheidsbeoordeling")
    assert current_phase(driver).endswith("Veiligheidsbeoordeling")
    steps = driver.find_element(By.CSS_SELECTOR, "#stappen").text
    assert "Start fase 1: veiligheid (MDA++)" in steps and "niet mogelijk" in steps
    # the triage meeting that accepted the family proposed Veilig Thuis; the coordinator adds the police
    assert "Veilig Thuis Regio Voorbeeld" in driver.find_element(By.ID, "team").text
    invite(driver, base, "Politie Eenheid Voorbeeld")

    accept_invitation(driver, base, "veiligthuis")
    accept_invitation(driver, base, "politie")

    driver.delete_all_cookies()
    log_in(driver, base, "veiligthuis")
    open_family(driver, base)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Veiligheidsbeoordeling vastleggen"))
    driver.find_element(By.CSS_SELECTOR, "input[name=outcome][value=structural]").click()
    Select(driver.find_element(By.ID, "route")).select_by_value("mda_plus")
    driver.find_element(By.ID, "explanation").send_keys("Herhaald geweld; reguliere hulp uitgeput.")
    submit_and_wait(driver)
    assert "structureel onveilig" in driver.find_element(By.ID, "beoordeling").text

    driver.delete_all_cookies()
    log_in(driver, base, "regisseur")
    open_family(driver, base)
    click_step(driver, "Start fase 1: veiligheid (MDA++)")
    assert current_phase(driver).endswith("Fase 1: veiligheid")
    timeline = driver.find_element(By.ID, "tijdlijn")
    assert "Fase 1: veiligheid" in timeline.text
    click_and_wait(driver, timeline.find_element(By.LINK_TEXT, "Taken"))  # the tasks: on the timeline's page
    assert "Bijdragen aan het veiligheidsplan" in driver.find_element(By.ID, "tijdlijn").text
