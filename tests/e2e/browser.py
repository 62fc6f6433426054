"""Shared steps for the Chromium tests: log in, follow a link or submit a form and wait for the
next page, open a family's dossier."""
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

TIMEOUT = 10


def _replaced(old):
    """True once `old` (the previous page's <html>) is no longer in the current document.

    While Chromium swaps documents, asking about the old node can fail with a plain
    WebDriverException ("Node with given id does not belong to the document") instead of a stale
    element error; both mean the old page is gone or going, so ask again until the new document
    has loaded."""
    def check(driver):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            pass
        except WebDriverException as error:
            if "does not belong to the document" not in str(error):
                return False
        try:
            return driver.execute_script("return document.readyState") == "complete"
        except WebDriverException:
            return False
    return check


def click_and_wait(driver, element):
    """Clicks a link or submit button and waits until the next page has replaced this one."""
    old = driver.find_element(By.TAG_NAME, "html")
    element.click()
    WebDriverWait(driver, TIMEOUT).until(_replaced(old))


def submit_and_wait(driver):
    """Submits the page's main form and waits until the next page has replaced it."""
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form.utrecht-form button[type=submit]"))


def log_in(driver, base, username):
    driver.get(f"{base}/login")
    driver.find_element(By.ID, "username").send_keys(username)
    driver.find_element(By.ID, "password").send_keys("demo")
    submit_and_wait(driver)
    WebDriverWait(driver, TIMEOUT).until(lambda d: "/login" not in d.current_url)


def switch_user(driver, base, username):
    driver.delete_all_cookies()
    log_in(driver, base, username)


def open_family(driver, base, family):
    driver.get(f"{base}/dossiers")
    click_and_wait(driver, driver.find_element(By.LINK_TEXT, family))
