"""Real headless Chromium (Debian's chromium + chromium-driver) against the app on a live port."""
import os
import shutil
import tempfile
import threading

import pytest
from werkzeug.serving import make_server


@pytest.fixture
def live_server(app, demo):
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture(scope="session")
def browser():
    if not shutil.which("chromium") or not shutil.which("chromedriver"):
        if os.environ.get("MDA_SKIP_E2E") == "1":
            pytest.skip("Chromium is not installed (MDA_SKIP_E2E=1)")
        pytest.fail("Debian's chromium and chromium-driver are needed: apt-get install chromium chromium-driver")
    os.environ["SE_OFFLINE"] = "true"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    profile = tempfile.mkdtemp(prefix="mda-chromium-")
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--disable-background-networking", "--disable-component-update", "--no-first-run",
                 "--disable-sync", "--window-size=1280,1024", f"--user-data-dir={profile}", "--lang=nl"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    driver.implicitly_wait(2)
    yield driver
    driver.quit()
    shutil.rmtree(profile, ignore_errors=True)


@pytest.fixture
def page(browser, live_server):
    """The browser with a clean session, and the server's base URL."""
    browser.delete_all_cookies()
    return browser, live_server
