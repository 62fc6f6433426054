"""End to end in headless Chromium: a stalled demo case climbs the ladder to the steering group as
the nightly detection runs; the steering member lands on the steering page, downloads the one-page
summary (looked at as an image: one A4 page with ink on it), records a decision with a task, and
the case coordinator finds the decision in the inbox and on the dossier page."""
import subprocess
import tempfile
import time
from datetime import timedelta
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait
from sqlalchemy import select

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.escalation.models import Escalation
from mda.escalation.operations import detect_stalls
from mda.extensions import db
from mda.inbox.models import InboxItem
from mda.tasks.models import Task
from tests.e2e.browser import TIMEOUT, click_and_wait, submit_and_wait

pytestmark = pytest.mark.e2e
DECISION = "Politie en Veilig Thuis leggen binnen twee weken samen een huisbezoek af."


def log_in(driver, base, username, lands_on):
    driver.delete_all_cookies()
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys("demo")
    submit_and_wait(driver)
    assert driver.current_url == f"{base}{lands_on}", username


def climb_to_the_steering_group(app) -> tuple[str, int]:
    """The nights pass: the detection runs day after day until a stalled case that is not yet at
    the steering group reaches it. Its family and its escalation's id."""
    with app.app_context():
        escalation = db.session.scalar(select(Escalation).where(
            Escalation.state.in_(("raised", "rising")), Escalation.level < 3).order_by(Escalation.level, Escalation.id))
        escalation_id, family = escalation.id, escalation.dossier.reference
        day = clock.today()
        while db.session.get(Escalation, escalation_id).level < 3:
            day += timedelta(days=1)
            assert day < clock.today() + timedelta(days=60)
            detect_stalls(day)
            db.session.expire_all()
        return family, escalation_id


def download(driver, link, directory: Path) -> Path:
    driver.execute_cdp_cmd("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(directory)})
    link.click()
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        done = [path for path in directory.glob("*.pdf")]
        if done:
            return done[0]
        time.sleep(0.1)
    raise AssertionError("the PDF was not downloaded")


def looks_like_one_full_page(pdf: Path) -> None:
    """pdftoppm renders the PDF: one A4 page (portrait), with text on it from top to bottom."""
    from PIL import Image
    subprocess.run(["pdftoppm", "-r", "40", "-png", str(pdf), str(pdf.with_suffix(""))], check=True)
    pages = sorted(pdf.parent.glob(f"{pdf.stem}*.png"))
    assert len(pages) == 1, "one page"
    image = Image.open(pages[0]).convert("L")
    width, height = image.size
    assert 1.38 < height / width < 1.45, "A4 portrait"
    inked = [band for band in range(10) if any(
        image.getpixel((x, y)) < 128 for x in range(0, width, 2)
        for y in range(band * height // 10, (band + 1) * height // 10, 2))]
    assert len(inked) >= 8, f"text over the page, found in bands {inked}"


def test_a_stall_reaches_the_steering_group_which_decides(app, page):
    driver, base = page
    family, escalation_id = climb_to_the_steering_group(app)

    log_in(driver, base, "stuurgroep", "/stuurgroep")
    assert family in driver.find_element(By.ID, "h-open").find_element(By.XPATH, "..").text
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, family))
    assert driver.current_url.endswith(f"/escalaties/{escalation_id}")
    assert "Niveau 3: regionale stuurgroep" in driver.page_source
    with tempfile.TemporaryDirectory() as directory:
        pdf = download(driver, driver.find_element(By.LINK_TEXT, "Samenvatting op één pagina (pdf)"), Path(directory))
        text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
        assert "Samenvatting voor de stuurgroep" in text and family in text
        looks_like_one_full_page(pdf)

    driver.find_element(By.ID, "decision").send_keys(DECISION)
    Select(driver.find_element(By.ID, "tasks-0-organisation_id")).select_by_visible_text("Politie Eenheid Voorbeeld")
    driver.find_element(By.ID, "tasks-0-text").send_keys("Huisbezoek met Veilig Thuis")
    due = clock.today() + timedelta(days=14)
    # the date picker's typing order follows the browser's locale: set the day the picker would give
    driver.execute_script("arguments[0].value = arguments[1]", driver.find_element(By.ID, "tasks-0-due_on"),
                          due.isoformat())
    click_and_wait(driver, driver.find_element(By.XPATH, "//button[normalize-space()='Besluit vastleggen']"))
    assert "Het besluit is vastgelegd" in driver.page_source
    assert "Deze escalatie is al afgehandeld" in driver.page_source

    with app.app_context():
        escalation = db.session.get(Escalation, escalation_id)
        dossier = db.session.get(Dossier, escalation.dossier_id)
        coordinator, dossier_id = dossier.coordinator.username, dossier.id
        assert escalation.state == "resolved" and escalation.outcome == DECISION
        item = db.session.scalar(select(InboxItem).where(InboxItem.user_id == dossier.coordinator_id,
                                                         InboxItem.kind == "steering_decision"))
        assert item is not None and item.url == f"/dossiers/{dossier_id}#escalatie"
        task = select(Task.due_on).where(Task.dedupe_key == f"escalation:{escalation_id}:task:1")
        assert db.session.scalar(task) == due

    log_in(driver, base, coordinator, "/taken")
    if any(rule.rule == "/inbox" for rule in app.url_map.iter_rules()):  # the inbox page, once it is there
        driver.get(f"{base}/inbox")
        assert "Besluit van de stuurgroep" in driver.page_source
    driver.get(f"{base}{item.url}")
    section = driver.find_element(By.ID, "escalatie")
    WebDriverWait(driver, TIMEOUT).until(lambda d: section.is_displayed())
    assert DECISION in section.text
