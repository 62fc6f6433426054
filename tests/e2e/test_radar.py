"""End to end in headless Chromium, on the demo's known family applied for again: the applicant
and the triage meeting learn that mother and child are known (not where), the triage meeting adds
the report to the family's dossier instead of opening a second one, and the coordinator finds it
there; a BSN that fails the eleven test is refused without losing what was typed."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mda.demo.intake import KNOWN_FAMILY, REAPPLIED
from tests.e2e.browser import click_and_wait, log_in, open_family, switch_user

pytestmark = pytest.mark.e2e
KNOWN_TO_ZVH = "Sanne Bakker, Daan Bakker · bekend bij het Zorg- en Veiligheidshuis"


def button(driver, text):
    return driver.find_element(By.XPATH, f"//button[normalize-space()='{text}']")


def radar_text(driver) -> str:
    return driver.find_element(By.ID, "radar").text


def test_a_known_family_applied_for_again_gets_no_second_dossier(page):
    driver, base = page
    log_in(driver, base, "wijkteam")
    driver.get(f"{base}/aanmeldingen")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, REAPPLIED))
    radar = radar_text(driver)
    assert KNOWN_TO_ZVH in radar and "zvh@example.org" in radar and KNOWN_FAMILY not in driver.page_source
    assert not driver.find_elements(By.ID, "h-join")  # the applicant does not decide

    switch_user(driver, base, "zvh")
    driver.get(f"{base}/triage")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, REAPPLIED))
    assert KNOWN_TO_ZVH in radar_text(driver) and KNOWN_FAMILY not in driver.page_source
    choice = driver.find_element(By.CSS_SELECTOR, "input[name='join-dossier_id']")
    assert choice.is_selected()  # the one dossier the family is known in
    click_and_wait(driver, button(driver, "Als signaal toevoegen aan dit dossier"))
    assert "Geef de reden van het besluit" in radar_text(driver)
    driver.find_element(By.ID, "join-reason").send_keys("Moeder en zoon zijn bekend in een lopend MDA++-dossier.")
    click_and_wait(driver, button(driver, "Als signaal toevoegen aan dit dossier"))
    assert "De melding is als signaal toegevoegd" in driver.page_source
    assert "Als signaal toegevoegd aan het bestaande dossier" in driver.find_element(By.TAG_NAME, "main").text

    switch_user(driver, base, "regisseur")
    open_family(driver, base, KNOWN_FAMILY)
    signals = driver.find_element(By.ID, "signalen").text
    assert "Moeder heeft een blauwe plek op haar arm" in signals and "Wijkteam Voorbeeld-Zuid" in signals
    assert "Aanmelding door Wijkteam Voorbeeld-Zuid" in driver.find_element(By.ID, "aanmelding").text
    assert not driver.find_elements(By.ID, "radar")  # one family, one dossier: nothing known elsewhere now


def test_a_bsn_that_fails_the_eleven_test_loses_nothing(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base, KNOWN_FAMILY)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Persoon toevoegen"))
    driver.find_element(By.ID, "name").send_keys("Ria de Boer")
    Select(driver.find_element(By.ID, "role")).select_by_value("network")
    driver.find_element(By.ID, "bsn").send_keys("111222334")
    click_and_wait(driver, button(driver, "Persoon toevoegen"))
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "Dit BSN is niet geldig: het voldoet niet aan de elfproef." in summary.text
    assert driver.find_element(By.ID, "name").get_attribute("value") == "Ria de Boer"
    assert driver.find_element(By.ID, "bsn").get_attribute("value") == "111222334"
    bsn = driver.find_element(By.ID, "bsn")
    bsn.clear()
    bsn.send_keys("1112.22.333")
    click_and_wait(driver, button(driver, "Persoon toevoegen"))
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#personen tbody tr")]
    assert any("Ria de Boer" in row and "••••••333" in row for row in rows), rows
    assert "111222333" not in driver.page_source
