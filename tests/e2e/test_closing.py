"""End to end in headless Chromium: the coordinator hands zicht op veiligheid of Gezin Visser over to
Veilig Thuis, which accepts the monitoring agreement; a new report on the closed Gezin Smit reaches
the holder and the coordinator, who keeps it closed with a reason; Gezin Timmermans, reopened after
a new report, is back in phase 1 with its history."""
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mda.core import clock
from tests.e2e.browser import click_and_wait, log_in, open_family, submit_and_wait, switch_user

pytestmark = pytest.mark.e2e


def set_value(driver, element_id, value):
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, element_id), value)


def main_text(driver) -> str:
    return driver.find_element(By.TAG_NAME, "main").text


def test_veilig_thuis_accepts_the_monitoring_agreement(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base, "Gezin Visser")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#zicht-op-veiligheid a"))
    Select(driver.find_element(By.ID, "organisation_id")).select_by_visible_text("Veilig Thuis Regio Voorbeeld")
    driver.find_element(By.ID, "watches").send_keys("Of mevrouw over haar eigen geld beschikt.")
    Select(driver.find_element(By.ID, "frequency")).select_by_value("monthly")
    set_value(driver, "until", (clock.today() + timedelta(days=365)).isoformat())
    submit_and_wait(driver)
    assert "nog niet aanvaard" in main_text(driver)

    switch_user(driver, base, "veiligthuis")
    open_family(driver, base, "Gezin Visser")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "#zicht-op-veiligheid a"))
    assert "elke maand" in main_text(driver)
    accept = driver.find_element(By.XPATH, "//button[normalize-space()='Zicht op veiligheid aanvaarden']")
    click_and_wait(driver, accept)
    assert "Houdt zicht op veiligheid: Veilig Thuis Regio Voorbeeld" in main_text(driver)


def test_a_new_report_on_a_closed_case_is_decided_on(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base, "Gezin Smit")
    assert "Wijkteam Voorbeeld-Noord (aanvaard op" in driver.find_element(By.ID, "stappen").text
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[href$='/signals/new']"))
    set_value(driver, "reported_on", clock.today().isoformat())
    Select(driver.find_element(By.ID, "reporter_kind")).select_by_value("citizen")
    Select(driver.find_element(By.ID, "violence_type")).select_by_value("psychological")
    driver.find_element(By.ID, "description").send_keys("Een buurvrouw hoort weer geschreeuw.")
    submit_and_wait(driver)
    assert "Na de afsluiting is een nieuwe melding binnengekomen" in main_text(driver)
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Naar het besluit over heropenen"))
    driver.find_element(By.ID, "decision-1").click()
    driver.find_element(By.ID, "reason").send_keys("Gesproken met moeder: de afspraken worden nagekomen.")
    submit_and_wait(driver)
    assert "gesloten gehouden" in main_text(driver)
    assert "Gesproken met moeder" in main_text(driver)


def test_gezin_timmermans_is_back_in_phase_1_with_its_history(page):
    driver, base = page
    log_in(driver, base, "wijkteam")
    open_family(driver, base, "Gezin Timmermans")
    current = driver.find_element(By.CSS_SELECTOR, "[aria-current=step]").text
    assert "Fase 1: veiligheid" in current
    click_and_wait(driver, driver.find_element(By.ID, "tijdlijn").find_element(By.LINK_TEXT, "Faseovergangen"))
    timeline = driver.find_element(By.ID, "tijdlijn").text
    assert "Heropenen na een nieuwe melding" in timeline and "Casus afsluiten" in timeline
