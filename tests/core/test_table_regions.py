"""Every table of the pages (not the PDFs) scrolls in its own container on a phone, one the keyboard
reaches and a screen reader names (SC 1.4.10, 2.1.1): the container's <div> or the scroll_table macro
(templates/macros/tables.html) right before the table, and the caption or heading it names."""
import re
from pathlib import Path

from flask import render_template_string

TEMPLATES = Path(__file__).resolve().parents[2] / "templates"
CONTAINER = re.compile(r'<div class="utrecht-table-container table-scroll[^"]*" role="(region|group)" tabindex="0" '
                       r'aria-labelledby="([^"]+)">\s*$')
MACRO = re.compile(r'{%\s*call scroll_table\(')


def page_templates():
    return [path for path in TEMPLATES.rglob("*.html") if "pdf" not in path.relative_to(TEMPLATES).parts]


def without_comments(text: str) -> str:
    """The template with its {# comments #} blanked, line numbers kept."""
    return re.sub(r"{#.*?#}", lambda comment: "\n" * comment.group(0).count("\n"), text, flags=re.S)


def test_every_table_of_a_page_scrolls_in_a_named_region_of_its_own():
    problems = []
    for path in page_templates():
        text = without_comments(path.read_text(encoding="utf-8"))
        lines = text.splitlines()
        for number, line in enumerate(lines):
            if "<table" not in line:
                continue
            where = f"{path.relative_to(TEMPLATES)}:{number + 1}"
            before = lines[number - 1] if number else ""
            found = CONTAINER.search(before)
            if not found and not MACRO.search(before):
                problems.append(f"{where}: not in a scroll region (templates/macros/tables.html: scroll_table)")
            # A fixed id the container names is on an element of the same template.
            for label in re.sub(r"{{.*?}}", "{}", found.group(2) if found else "").split():
                if "{}" not in label and f'id="{label}"' not in text:
                    problems.append(f"{where}: names {label}, which no element of the template is")
    assert not problems, "\n".join(problems)


def test_the_macro_gives_the_container_its_role_focus_and_name(app):
    with app.test_request_context():
        html = render_template_string(
            '{% from "macros/tables.html" import scroll_table %}'
            '{% call scroll_table("h-x", group=true) %}<table><caption id="h-x">X</caption></table>{% endcall %}'
            '{% call scroll_table("h-y") %}<table></table>{% endcall %}')
    assert 'role="group" tabindex="0" aria-labelledby="h-x"><table>' in html.replace("\n", "")
    assert 'role="region" tabindex="0" aria-labelledby="h-y">' in html
