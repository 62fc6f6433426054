"""The safety plan as an A4 PDF in Dutch, for the partners or for the family (without the
professionals' internal notes). WeasyPrint is imported only when a PDF is made: its import is slow.
"""
import re
import unicodedata
from datetime import date
from functools import lru_cache
from pathlib import Path

from flask import current_app, render_template
from flask_babel import force_locale

from mda.core.pdf import static_files_fetcher, weasyprint
from mda.safetyplan.queries import plan_organisations, users_by_id
from mda.safetyplan.versions import PART_LABELS, Names

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


def render_html(dossier, plan, *, for_family: bool) -> str:
    organisations = plan_organisations(dossier)
    confirmed = {c.organisation_id for c in plan.confirmations}
    with force_locale(PDF_LANGUAGE):
        return render_template(
            "pdf/safety_plan.html", dossier=dossier, plan=plan, for_family=for_family, part_labels=PART_LABELS,
            agreements=Names(dossier, organisations).of_plan(plan),
            confirmations=sorted(plan.confirmations, key=lambda c: c.confirmed_at),
            confirmers=users_by_id(c.user_id for c in plan.confirmations),
            unconfirmed=[org for org in organisations if org.id not in confirmed],
            author=users_by_id([plan.author_id]).get(plan.author_id), printed_on=date.today())


def html_to_pdf(html: str) -> bytes:
    path = _print_css_path()
    stylesheet = _stylesheet(str(path), path.stat().st_mtime_ns)
    document = weasyprint()[0].HTML(string=html, base_url=str(path.parent), url_fetcher=_fetcher())
    return document.write_pdf(stylesheets=[stylesheet])


def safety_plan_pdf(dossier, plan, *, for_family: bool) -> bytes:
    return html_to_pdf(render_html(dossier, plan, for_family=for_family))


def filename(dossier, plan, for_family: bool) -> str:
    """An ASCII file name: veiligheidsplan-gezin-ozturk-versie-3.pdf."""
    ascii_reference = unicodedata.normalize("NFKD", dossier.reference).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_reference.lower()).strip("-") or f"dossier-{dossier.id}"
    return f"veiligheidsplan-{slug}-versie-{plan.version}{'-voor-gezin' if for_family else ''}.pdf"
