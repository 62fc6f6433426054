"""The one-page summary of an escalation for the steering group (A4, Dutch): phase and time in
phase, team, open and overdue work, score trend, the escalation's history and the question put to
it. No health data and nothing of what happened in the family beyond the escalation's reason: no
persons, no signals, no notes; tasks by kind, not by their titles."""
from flask import render_template
from flask_babel import force_locale

from mda.core import clock
from mda.escalation.queries import process_view
from mda.safetyplan.pdf import PDF_LANGUAGE, html_to_pdf
from workflows import RUNGS, STALL_SIGNALS, TASK_KINDS

MAX_TASK_ROWS = 8
MAX_SCORES = 6


def render_html(escalation) -> str:
    today = clock.today()
    view = process_view(escalation, today)
    with force_locale(PDF_LANGUAGE):
        return render_template(
            "pdf/escalation_summary.html", escalation=escalation, view=view, dossier=view.dossier,
            overdue=view.overdue(today), rows=view.tasks[:MAX_TASK_ROWS], scores=view.scores[-MAX_SCORES:],
            rungs=RUNGS, signal_labels=STALL_SIGNALS, task_kinds=TASK_KINDS, today=today, lang=PDF_LANGUAGE)


def summary_pdf(escalation) -> bytes:
    return html_to_pdf(render_html(escalation))


def filename(escalation) -> str:
    return f"escalatie-{escalation.id}-samenvatting.pdf"
