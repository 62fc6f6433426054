"""End to end in headless Chromium: the police record a call-out at 22:40 for a family with
school-age children, the school logs in and confirms its Handle with Care signals without ever
seeing the family, and the coordinator sees them confirmed."""
from datetime import timedelta

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select

from mda.core import clock
from tests.e2e.browser import click_and_wait, log_in, open_family, submit_and_wait, switch_user

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Bakker-Yilmaz"  # phase 1, the police on the team, Daan and Lina at De Regenboog
CONFIRMED = "Ontvangst bevestigd door de school"


def set_value(driver, element_id, value):
    """Date and time inputs take their value the way the browser's own picker would set it."""
    driver.execute_script("arguments[0].value = arguments[1];", driver.find_element(By.ID, element_id), value)


def confirmed_on_the_dossier(driver) -> int:
    # finished tasks are folded away on the dossier page: count what is there, shown or not
    return driver.find_element(By.ID, "taken").get_attribute("textContent").count(CONFIRMED)


def test_the_school_confirms_the_signal_of_a_call_out_at_22_40(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base, FAMILY)
    confirmed_before = confirmed_on_the_dossier(driver)

    switch_user(driver, base, "politie")
    open_family(driver, base, FAMILY)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "a[href$='/signals/new']"))
    yesterday = clock.today() - timedelta(days=1)
    set_value(driver, "reported_on", yesterday.isoformat())
    set_value(driver, "reported_time", "22:40")
    Select(driver.find_element(By.ID, "reporter_kind")).select_by_value("police")
    Select(driver.find_element(By.ID, "violence_type")).select_by_value("physical")
    driver.find_element(By.ID, "police_callout").click()
    driver.find_element(By.ID, "description").send_keys("Politie ter plaatse na een melding van de buren.")
    submit_and_wait(driver)
    assert "22:40" in driver.find_element(By.ID, "signalen").text

    switch_user(driver, base, "school")
    confirmed = 0
    while True:
        driver.get(f"{base}/taken")
        open_signals = driver.find_elements(By.XPATH, "//section[@id='open']//a[starts-with(normalize-space(), "
                                                      "'Handle with Care')]")
        if not open_signals:
            break
        listing = driver.find_element(By.TAG_NAME, "main").text
        assert FAMILY not in listing and "Sanne Bakker" not in listing and "buren" not in listing
        click_and_wait(driver, open_signals[0])
        task_page = driver.find_element(By.TAG_NAME, "main").text
        assert "Handle with Care" in task_page and "08:30" in task_page
        assert FAMILY not in task_page and "Afwijzen" not in task_page
        click_and_wait(driver, driver.find_element(By.XPATH, "//section[@id='stap-confirm']//button"))
        assert "bevestigd" in driver.find_element(By.CSS_SELECTOR, "[role=status], .utrecht-alert").text
        confirmed += 1
    assert confirmed == 2  # Daan and Lina

    switch_user(driver, base, "regisseur")
    open_family(driver, base, FAMILY)
    assert confirmed_on_the_dossier(driver) == confirmed_before + 2
    assert "22:40" in driver.find_element(By.ID, "tijdlijn").text
