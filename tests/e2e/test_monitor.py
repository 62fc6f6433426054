"""End to end in headless Chromium: the steering member opens the impact monitor from the menu,
sees the demo region's figures with their definitions and quarterly charts, narrows the period,
and downloads the CSV."""
import csv
import io
import tempfile
import time
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.browser import TIMEOUT, click_and_wait, log_in, submit_and_wait

pytestmark = pytest.mark.e2e


def download_csv(driver, link, directory: Path) -> Path:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)})
    link.click()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        done = list(directory.glob("*.csv"))
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("the CSV was not downloaded")


def test_the_steering_member_sees_the_monitor_and_downloads_its_figures(page):
    driver, base = page
    log_in(driver, base, "stuurgroep")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, "Impactmonitor"))
    assert driver.find_element(By.TAG_NAME, "h1").text == "Impactmonitor"
    plan = driver.find_element(By.CSS_SELECTOR, "[data-figure=safety_plan_agreed]")
    assert plan.text.endswith("%")
    section = driver.find_element(By.ID, "h-safety_plan_agreed").find_element(By.XPATH, "..")
    assert "elke partner in het team" in section.text
    assert section.find_element(By.TAG_NAME, "svg").is_displayed()
    assert "Kwartaal" in section.find_element(By.TAG_NAME, "table").text
    start = driver.find_element(By.ID, "start")
    driver.execute_script("arguments[0].value = '2099-01-01'", start)
    submit_and_wait(driver)
    assert "De periode moet eindigen op of na de eerste dag." in driver.page_source
    assert driver.find_element(By.ID, "start").get_attribute("value") == "2099-01-01"
    driver.get(f"{base}/monitor")
    with tempfile.TemporaryDirectory() as directory:
        path = download_csv(driver, driver.find_element(By.PARTIAL_LINK_TEXT, "CSV"), Path(directory))
        while path.suffix != ".csv" or not path.read_text(encoding="utf-8-sig").strip():
            time.sleep(0.1)
        rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["indicator", "name", "region"]
    assert any(row[0] == "safety_plan_agreed" and row[6] == "period" and row[11] != "<10" for row in rows[1:])
