"""axe-core (Deque's accessibility engine, pinned in package.json; `make test` installs it with npm
into node_modules/) run inside a page of the Chromium tests.

`violations(driver)` injects axe.min.js into the current page, runs it with the WCAG 2.2 target-size
rule (SC 2.5.8) switched on besides axe's default rules (or only the rules named), and returns one
readable line per serious or critical violation and element. MDA_AXE_IMPACTS=minor,moderate,serious,critical
widens what counts, to look for the lesser problems too."""
import os
from functools import cache
from pathlib import Path

import pytest

AXE_JS = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
FAILING = tuple(os.environ.get("MDA_AXE_IMPACTS", "serious,critical").split(","))

RUN = """
const done = arguments[arguments.length - 1], only = arguments[0];
const options = {resultTypes: ['violations'], rules: {'target-size': {enabled: true}}};
if (only) options.runOnly = {type: 'rule', values: only};
axe.run(document, options)
  .then(results => done(results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.map(n => ({target: n.target.join(' '), html: n.html.slice(0, 120),
                              summary: (n.failureSummary || '').split('\\n').slice(1, 3).join(' ').trim()}))}))))
  .catch(error => done([{id: 'axe-error', impact: 'critical', help: String(error), nodes: []}]));
"""


@cache
def axe_source() -> str | None:
    path = Path(os.environ.get("MDA_AXE_JS", AXE_JS))
    return path.read_text(encoding="utf-8") if path.is_file() else None


def require_axe() -> str:
    """axe.min.js, or the test is skipped saying how to install it (in CI, where `make test` installs
    it first, a missing axe-core fails instead)."""
    source = axe_source()
    if source is None:
        message = (f"axe-core is not installed ({AXE_JS} is missing): run `npm ci` in the project "
                   "(`make test` does), or set MDA_AXE_JS to an axe.min.js")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return source


def violations(driver, rules: tuple[str, ...] | None = None) -> list[str]:
    """Serious and critical axe-core violations on the current page, one line per element; `rules`
    limits the run to those axe rules."""
    driver.set_script_timeout(60)
    if not driver.execute_script("return typeof window.axe === 'object'"):
        driver.execute_script(require_axe())
    found = []
    for violation in driver.execute_async_script(RUN, list(rules) if rules else None):
        if violation["impact"] not in FAILING:
            continue
        head = f"axe {violation['impact']} {violation['id']} ({violation['help']})"
        found += [f"{head}: {node['target']} {node['summary']} {node['html']}" for node in violation["nodes"]] or [head]
    return found
