"""End to end in headless Chromium: on a phone, at 320 and 390 CSS pixels wide, every main page a
role may open reflows without scrolling sideways (WCAG 2.1 SC 1.4.10), 'Uitloggen' stays in view,
and the buttons and links of the header and the action bars are at least 24 by 24 pixels
(WCAG 2.2 SC 2.5.8). Wide tables may scroll inside themselves, not the page.

At 320 pixels, axe-core (tests/e2e/axe.py) finds no serious or critical violation on any of these
pages, nor on the login page: all of its rules, its target-size rule included (SC 2.5.8 for every link
and button, with the standard's exemptions for inline links and spaced targets). Text in the columns
of a table scrolled out of view is left out of axe's contrast check there; at a desktop's width (a
run with MDA_E2E_DESKTOP=1) axe checks every page again, all columns in view.

Set MDA_E2E_SCREENSHOTS to a directory to keep a screenshot of every page checked."""
import os
import re
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.e2e.axe import require_axe, violations
from tests.e2e.browser import log_in

pytestmark = pytest.mark.e2e
WIDTHS = (320, 390)
DESKTOP = 1280
AXE_WIDTHS = (320, DESKTOP)  # at each, all of axe's rules
# axe-core checks the pages of these roles (wijkteam's are the coordinator's pages once more).
AXE_ROLES = ("regisseur", "politie", "school", "veiligthuis", "teamleider", "stuurgroep", "beheer")

# Per role, the pages of the main menu it has, and where to find a dossier, a task, an application,
# an escalation and a safety plan to open.
ROLES = {
    "regisseur": ("/taken", "/dossiers", "/dossiers/new", "/inbox", "/aanmeldingen", "/aanmeldingen/nieuw", "/agenda",
                  "/hulp/workflow", "/inbox/voorkeuren", "/wachtwoord"),
    "teamleider": ("/escalaties", "/taken", "/dossiers"),
    "politie": ("/taken", "/dossiers", "/inbox", "/aanmeldingen", "/noodtoegang"),
    "veiligthuis": ("/triage", "/taken", "/dossiers"),
    "wijkteam": ("/taken", "/dossiers", "/inbox", "/aanmeldingen"),
    "school": ("/taken", "/dossiers", "/inbox"),
    "stuurgroep": ("/stuurgroep", "/monitor", "/dossiers", "/inbox"),
    "beheer": ("/beheer", "/beheer/gebruikers", "/beheer/gebruikers/nieuw", "/beheer/organisaties",
               "/beheer/organisaties/nieuw", "/beheer/sluitingsdagen", "/beheer/schooldagen",
               "/beheer/veiligheidsscores", "/beheer/escalatie", "/beheer/noodtoegang", "/beheer/bewaartermijnen",
               "/beheer/e-mail", "/taken"),
}
FOLLOW = {  # a page's first link to one of these opens a page to check as well
    "/taken": (r"/taken/\d+$",),
    "/aanmeldingen": (r"/aanmeldingen/\d+$",),
    "/triage": (r"/aanmeldingen/\d+$",),
    "/escalaties": (r"/escalaties/\d+$",),
    "/agenda": (r"/casusoverleg/\d+$",),
    "/stuurgroep": (r"/escalaties/\d+$",),
    "/beheer/gebruikers": (r"/beheer/gebruikers/\d+$",),
    "/beheer/organisaties": (r"/beheer/organisaties/\d+$",),
    "dossier": (r"/veiligheidsplan$", r"/casusoverleg/\d+$", r"/veiligheidsscores/\d+$"),
}
# The coordinator opens more of the dossier's pages (its forms among them); the other roles see
# those pages as the coordinator does or not at all.
DOSSIER_PAGES = {
    "regisseur": (r"/access-log$", r"/veiligheidsplan/versies$", r"/casusoverleggen$", r"/risicotaxaties/\d+$",
                  r"/huisverboden/\d+$", r"/signals/new$", r"/team/new$", r"/statements/new$",
                  r"/zicht-op-veiligheid$"),
}

ERROR_PAGES = ("Verzoek niet begrepen", "Niet gevonden", "Niet toegestaan", "Er ging iets mis", "Formulier verlopen")

# Elements whose right edge is beyond the viewport and that are not inside something that scrolls
# by itself: what makes the page scroll sideways.
SPILLING = """
const width = window.innerWidth, found = [];
for (const el of document.body.querySelectorAll('*')) {
  const box = el.getBoundingClientRect();
  if (box.right <= width + 0.5 || box.width === 0) continue;
  let scroller = el.parentElement, contained = false;
  while (scroller && scroller !== document.body) {
    const style = getComputedStyle(scroller);
    if (['auto', 'scroll', 'hidden', 'clip'].includes(style.overflowX)) { contained = true; break; }
    scroller = scroller.parentElement;
  }
  const classes = el.className ? '.' + String(el.className).trim().replace(/\\s+/g, '.') : '';
  if (!contained) found.push(el.tagName.toLowerCase() + classes + ' right=' + Math.round(box.right)
    + ' "' + (el.textContent || '').trim().slice(0, 40) + '"');
}
return found.slice(-8);
"""

# Buttons and links in the header and the pages' action bars (not links inside running text or
# table cells, which SC 2.5.8 exempts) that are smaller than 24 by 24 CSS pixels.
SMALL_TARGETS = """
const selector = '.site-header a, .site-header button, main button, main input[type=submit], '
  + '.page-head a, .plan-links a, .inbox-filter a, .pager a, .inbox-pages a, .utrecht-button-link, main nav a, '
  + 'form a:not(p a):not(li a):not(td a):not(th a), main select, main input:not([type=hidden]), .site-footer a';
const small = [];
for (const el of document.querySelectorAll(selector)) {
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) continue;
  if (getComputedStyle(el).visibility === 'hidden') continue;
  if (box.width < 24 || box.height < 24)
    small.push(el.tagName.toLowerCase() + ' "' + el.textContent.trim().slice(0, 30) + '" '
      + Math.round(box.width) + 'x' + Math.round(box.height));
}
return small;
"""

LOGOUT_IN_VIEW = """
const button = document.querySelector('form[action$="/logout"] button');
if (!button) return 'no logout button';
const box = button.getBoundingClientRect();
if (box.left < 0 || box.right > window.innerWidth || box.top < 0 || box.bottom > window.innerHeight || box.width === 0)
  return 'logout button at ' + JSON.stringify(box);
return '';
"""


def set_width(driver, width):
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride",
                           {"width": width, "height": 844, "deviceScaleFactor": 1, "mobile": False})
    driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": True})


def problems_on(driver, url, width, shots, axe, logged_in=True) -> list[str]:
    """What is wrong with the page at this width: sideways scrolling, 'Uitloggen' out of view, small
    targets in the header and action bars (on a phone), and axe-core's serious and critical findings."""
    driver.get(url)
    assert not driver.title.startswith(ERROR_PAGES), url
    assert driver.execute_script("return window.innerWidth") == width
    found = []
    if width in WIDTHS:
        page_width = driver.execute_script("return document.documentElement.scrollWidth")
        if page_width > width:
            found.append(f"{page_width}px wide: " + "; ".join(driver.execute_script(SPILLING)))
        logout = driver.execute_script(LOGOUT_IN_VIEW) if logged_in else ""
        if logout:
            found.append(logout)
        found += [f"small target {target}" for target in driver.execute_script(SMALL_TARGETS)]
    if axe and width in AXE_WIDTHS:
        found += violations(driver)
    if shots:
        name = re.sub(r"\W+", "_", url.split("//", 1)[1].split("/", 1)[1]) or "home"
        driver.save_screenshot(str(shots / f"{width}-{name}.png"))
    return [f"{width}px {url}: {problem}" for problem in found]


def linked(driver, patterns) -> list[str]:
    """The first link in the page's main part to each of the patterns that has one."""
    hrefs = [a.get_attribute("href") or "" for a in driver.find_elements(By.CSS_SELECTOR, "main a[href]")]
    found = (next((href for href in hrefs if re.search(pattern, href.split("?")[0])), None) for pattern in patterns)
    return [href for href in found if href]


def pages_of(driver, base, role) -> list[str]:
    """The role's main pages, and the first task, application, escalation and so on linked from
    them; of the first few dossiers on /dossiers, the one with the most pages of its own to open
    (its safety plan, conference, review, ...), and those pages."""
    driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
    urls = []
    for path in ROLES[role]:
        urls.append(base + path)
        driver.get(base + path)
        if path == "/dossiers":
            urls += [page for page in richest_dossier(driver, role) if page not in urls]
            continue
        urls += [link for link in linked(driver, FOLLOW.get(path, ())) if link not in urls]
    return urls


def richest_dossier(driver, role, tries=4) -> list[str]:
    hrefs = [a.get_attribute("href") or "" for a in driver.find_elements(By.CSS_SELECTOR, "main a[href]")]
    dossiers = list(dict.fromkeys(href for href in hrefs if re.search(r"/dossiers/\d+$", href)))[:tries]
    best = []
    for dossier in dossiers:
        driver.get(dossier)
        pages = [dossier, *linked(driver, FOLLOW["dossier"] + DOSSIER_PAGES.get(role, ()))]
        if len(pages) > len(best):
            best = pages
    return best


@pytest.fixture
def with_axe(request) -> bool:
    """axe-core runs on the SQLite run of the tests; a page's markup and layout do not depend on the
    database, so the PostgreSQL run checks the widths alone."""
    if request.config.getoption("--db") != "sqlite":
        return False
    require_axe()
    return True


@pytest.mark.parametrize("role", ROLES)
def test_every_main_page_fits_a_phone(page, role, with_axe):
    driver, base = page
    shots = os.environ.get("MDA_E2E_SCREENSHOTS")
    shots = Path(shots) if shots else None
    if shots:
        shots = shots / role
        shots.mkdir(parents=True, exist_ok=True)
    log_in(driver, base, role)
    urls = pages_of(driver, base, role)
    assert len(urls) > len(ROLES[role])  # at least one page reached by a link
    check_widths(driver, urls, shots, axe=with_axe and role in AXE_ROLES)


def test_the_login_page_fits_a_phone(page, with_axe):
    driver, base = page
    shots = os.environ.get("MDA_E2E_SCREENSHOTS")
    check_widths(driver, [f"{base}/login"], Path(shots) if shots else None, axe=with_axe)


def check_widths(driver, urls, shots, axe):
    problems = []
    try:
        for width in (*WIDTHS, DESKTOP) if os.environ.get("MDA_E2E_DESKTOP") else WIDTHS:
            set_width(driver, width)
            for url in urls:
                problems += problems_on(driver, url, width, shots, axe=axe, logged_in="/login" not in url)
    finally:
        driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        driver.execute_cdp_cmd("Emulation.setScrollbarsHidden", {"hidden": False})
    assert not problems, "\n".join(problems)
