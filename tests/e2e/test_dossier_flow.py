"""End to end in headless Chromium: log in, open a dossier, add a person, see it."""
import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from tests.e2e.browser import click_and_wait, log_in, submit_and_wait

pytestmark = pytest.mark.e2e


def test_coordinator_adds_a_person_in_the_browser(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    assert driver.find_element(By.TAG_NAME, "h1").text == "Taken"  # a coordinator lands on the tasks
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Dossiers"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Dossiers"
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "table tbody th a"))
    reference = driver.find_element(By.TAG_NAME, "h1").text
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Persoon toevoegen"))
    driver.find_element(By.ID, "name").send_keys("Noor Testpersoon")
    Select(driver.find_element(By.ID, "role")).select_by_value("child")
    driver.find_element(By.ID, "date_of_birth").send_keys("03-03-2016")  # same in day-month and month-day order
    submit_and_wait(driver)
    assert driver.find_element(By.TAG_NAME, "h1").text == reference
    assert "Noor Testpersoon is toegevoegd." in driver.page_source
    rows = [row.text for row in driver.find_elements(By.CSS_SELECTOR, "#personen tbody tr")]
    assert any("Noor Testpersoon" in row and "Kind" in row and "3 maart 2016" in row for row in rows), rows


def test_invalid_form_shows_linked_error_summary(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    driver.get(f"{base}/dossiers/new")
    driver.find_element(By.ID, "persons-0-name").send_keys("Eva Zonder Rol")
    submit_and_wait(driver)
    summary = driver.find_element(By.CSS_SELECTOR, ".error-summary")
    assert "Vul een gezinsreferentie in." in summary.text
    link = summary.find_element(By.CSS_SELECTOR, "a[href='#reference']")
    assert link.is_displayed()
    assert driver.find_element(By.ID, "persons-0-name").get_attribute("value") == "Eva Zonder Rol"
