"""End to end in headless Chromium: the coordinator drafts the safety plan of a family in phase 1,
two partners confirm it in their own sessions, and the PDF holds what they agreed."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e import browser
from tests.e2e.browser import click_and_wait, log_in, submit_and_wait
from tests.safetyplan.support import pdf_text, user_client

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Bakker-Yilmaz"


def open_family(driver, base):
    browser.open_family(driver, base, FAMILY)


def confirm_as(driver, base, username):
    driver.delete_all_cookies()
    log_in(driver, base, username)
    open_family(driver, base)
    section = driver.find_element(By.ID, "veiligheidsplan")
    assert "Nog niet bevestigd door" in section.text
    click_and_wait(driver, section.find_element(By.XPATH, ".//button[normalize-space()='Versie 1 bevestigen']"))
    assert "heeft versie 1 van het veiligheidsplan bevestigd" in driver.page_source


def test_coordinator_drafts_two_partners_confirm_and_the_pdf_shows_it(app, page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base)
    section = driver.find_element(By.ID, "veiligheidsplan")
    assert "Er is nog geen veiligheidsplan." in section.text
    click_and_wait(driver, section.find_element(By.LINK_TEXT, "Veiligheidsplan opstellen"))
    assert driver.find_element(By.ID, "safety_conditions").get_attribute("readonly") is not None
    driver.find_element(By.ID, "danger_statement").send_keys("Vader komt na het huisverbod terug naar huis.")
    driver.find_element(By.ID, "agreements-0-description").send_keys("Politie rijdt 's avonds langs de woning.")
    responsible = Select(driver.find_element(By.ID, "agreements-0-responsible"))
    responsible.select_by_visible_text("Politie Eenheid Voorbeeld")
    driver.find_element(By.ID, "agreements-0-due_on").send_keys("03-03-2030")
    driver.find_element(By.ID, "warning_signals").send_keys("Vader drinkt weer.")
    driver.find_element(By.ID, "internal_notes").send_keys("Vader ontkent alles.")
    submit_and_wait(driver)
    assert "Versie 1 van het veiligheidsplan is opgeslagen." in driver.page_source
    agreements = driver.find_element(By.ID, "part-agreements").find_element(By.XPATH, "..")
    assert "Politie rijdt 's avonds langs de woning." in agreements.text

    confirm_as(driver, base, "veiligthuis")
    confirm_as(driver, base, "politie")
    section = driver.find_element(By.ID, "veiligheidsplan").text
    confirmed, missing = section.split("Veiligheidsafspraken")[0].split("Nog niet bevestigd door")
    assert "Veilig Thuis Regio Voorbeeld" in confirmed and "Politie Eenheid Voorbeeld" in confirmed
    assert "GGZ Voorbeeld" in missing and "Politie Eenheid Voorbeeld" not in missing

    client = user_client(app, "politie")
    response = client.get(family_pdf_path(driver))
    text = " ".join(pdf_text(response.data).split())
    assert response.status_code == 200 and "Versie 1" in text
    assert "Politie rijdt 's avonds langs de woning." in text and "3 maart 2030" in text
    assert "Veilig Thuis Regio Voorbeeld Ingrid Postma" in text
    assert "Politie Eenheid Voorbeeld Rob van Dijk" in text
    assert "Vader ontkent alles." not in text and "Voor: Sanne Bakker" in text


def family_pdf_path(driver) -> str:
    """The link to the mother's family version as the browser shows it, without the host."""
    link = driver.find_element(By.LINK_TEXT, "PDF voor Sanne Bakker")
    href = link.get_attribute("href")
    return href[href.index("/dossiers"):]
