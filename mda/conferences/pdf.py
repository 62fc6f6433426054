"""The minutes and the invitation list of a case conference as A4 PDFs in Dutch. Both go to
everyone invited, the family included: they hold no dates of birth and no reasons for not
inviting someone, and the minutes hold their health part and health-related decisions only in
the version printed for someone who may see health data (the coordinator and care partners)."""

from flask import render_template
from flask_babel import force_locale

from mda.conferences.vocabulary import DECISION_KIND, PLAN
from mda.core import clock
from mda.safetyplan.pdf import PDF_LANGUAGE, html_to_pdf


def _render(template: str, conference, **context) -> str:
    with force_locale(PDF_LANGUAGE):
        return render_template(template, conference=conference, dossier=conference.dossier,
                               printed_on=clock.today(), decision_kinds=DECISION_KIND, plans=PLAN,
                               agenda=conference.agenda_items(), **context)


def minutes_pdf(conference, minutes, *, health: bool) -> bytes:
    return html_to_pdf(_render("pdf/conference_minutes.html", conference, minutes=minutes, health=health))


def invitations_pdf(conference) -> bytes:
    return html_to_pdf(_render("pdf/conference_invitations.html", conference))


def filename(conference, what: str) -> str:
    return f"{what}-casusoverleg-{conference.held_on.isoformat()}-{conference.id}.pdf"
