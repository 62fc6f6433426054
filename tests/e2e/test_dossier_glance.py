"""End to end in headless Chromium: the largest demo dossier opens with its summary in the first
screen; the section links take the reader to each section; the timeline's filter shows one kind."""
import pytest
from selenium.webdriver.common.by import By

from tests.e2e.browser import click_and_wait, log_in, open_family

pytestmark = pytest.mark.e2e
FAMILY = "Gezin Martina"  # the largest demo dossier


def in_view(driver, element) -> bool:
    return driver.execute_script(
        "const r = arguments[0].getBoundingClientRect(); return r.top >= -1 && r.top < window.innerHeight;", element)


def test_the_summary_is_in_the_first_screen_and_the_section_links_work(page):
    driver, base = page
    log_in(driver, base, "regisseur")
    open_family(driver, base, FAMILY)
    glance = driver.find_element(By.ID, "in-een-oogopslag")
    assert glance.is_displayed() and in_view(driver, glance)
    for line in ("glance-phase", "glance-stall", "glance-concern", "glance-overdue", "glance-holder"):
        assert in_view(driver, driver.find_element(By.ID, line)), line  # no scrolling needed
    assert "Fase 2" in driver.find_element(By.ID, "glance-phase").text

    nav = driver.find_element(By.CSS_SELECTOR, "nav.section-nav")
    labels = [link.text for link in nav.find_elements(By.TAG_NAME, "a")]
    assert {"Veiligheidsplan", "Zorgplan en screenings", "Team", "Signalen", "Tijdlijn", "Toegangslog"} <= set(labels)
    for label, anchor in (("Tijdlijn", "tijdlijn"), ("Veiligheidsplan", "veiligheidsplan"), ("Team", "team")):
        driver.find_element(By.CSS_SELECTOR, "nav.section-nav").find_element(By.LINK_TEXT, label).click()
        assert driver.current_url.endswith(f"#{anchor}")
        assert in_view(driver, driver.find_element(By.ID, anchor)), anchor

    timeline = driver.find_element(By.ID, "tijdlijn")
    click_and_wait(driver, timeline.find_element(By.LINK_TEXT, "Taken"))
    assert driver.current_url.endswith("/tijdlijn?soort=taken")
    kinds = {entry.get_attribute("class").split("--")[-1]
             for entry in driver.find_elements(By.CSS_SELECTOR, "li.timeline__entry")}
    assert kinds and kinds <= {"task_created", "task_step"}
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Signalen en incidenten"))
    entries = driver.find_elements(By.CSS_SELECTOR, "li.timeline__entry")
    assert entries and all("--signal" in e.get_attribute("class") or "--incident" in e.get_attribute("class")
                           for e in entries)
