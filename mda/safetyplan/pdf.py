"""The safety plan as an A4 PDF in Dutch: for the partners (with the internal notes, and what is
withheld from whom), or a family version for one named person of the dossier, which leaves out the
internal notes and every part and agreement that is not for that person. WeasyPrint is imported
only when a PDF is made: its import is slow.
"""
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from mda.core import clock
from mda.core.pdf import static_files_fetcher, weasyprint
from mda.safetyplan.queries import plan_organisations, users_by_id
from mda.safetyplan.versions import PART_LABELS, Names, family_version, parts_not_for

PDF_LANGUAGE = "nl"


def _print_css_path() -> Path:
    return Path(current_app.static_folder) / "css" / "print.css"


def _fetcher():
    """Only the app's own static files: nothing in a plan may make the server read another file
    or fetch a URL."""
    return static_files_fetcher(current_app.static_folder)


@lru_cache(maxsize=2)
def _stylesheet(path: str, _modified: int):
    return weasyprint()[0].CSS(filename=path, url_fetcher=_fetcher())


def render_html(dossier, plan, *, recipient=None) -> str:
    """The partners' version, or with ``recipient`` (a person of the dossier) their family version."""
    organisations = plan_organisations(dossier)
    names = Names(dossier, organisations)
    confirmed = {c.organisation_id for c in plan.confirmations}
    if recipient is None:
        parts, agreements, withheld = PART_LABELS, plan.agreements, names.withheld_parts(parts_not_for(plan))
    else:
        (parts, agreements), withheld = family_version(plan, recipient.id), {}
    with force_locale(PDF_LANGUAGE):
        return render_template(
            "pdf/safety_plan.html", dossier=dossier, plan=plan, recipient=recipient, part_labels=PART_LABELS,
            parts=parts, agreements=names.of_plan(plan, agreements), withheld=withheld,
            confirmations=sorted(plan.confirmations, key=lambda c: c.confirmed_at),
            confirmers=users_by_id(c.user_id for c in plan.confirmations),
            unconfirmed=[org for org in organisations if org.id not in confirmed],
            author=users_by_id([plan.author_id]).get(plan.author_id), printed_on=clock.today())


def html_to_pdf(html: str) -> bytes:
    path = _print_css_path()
    stylesheet = _stylesheet(str(path), path.stat().st_mtime_ns)
    document = weasyprint()[0].HTML(string=html, base_url=str(path.parent), url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[stylesheet])


def safety_plan_pdf(dossier, plan, *, recipient=None) -> bytes:
    return html_to_pdf(render_html(dossier, plan, recipient=recipient))


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def filename(dossier, plan, recipient=None) -> str:
    """An ASCII file name: veiligheidsplan-gezin-ozturk-versie-3.pdf, and for a family version
    veiligheidsplan-gezin-ozturk-versie-3-voor-ayse-ozturk.pdf."""
    slug = _slug(dossier.reference) or f"dossier-{dossier.id}"
    suffix = f"-voor-{_slug(recipient.name) or f'persoon-{recipient.id}'}" if recipient is not None else ""
    return f"veiligheidsplan-{slug}-versie-{plan.version}{suffix}.pdf"
