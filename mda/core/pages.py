"""Request helpers every concern's handlers share: re-showing a form page, refusing a stale edit,
putting a rule's problems or the engine's refusal on the form."""
from flask import render_template, request, url_for
from flask_babel import get_locale
from flask_babel import gettext as _

from mda.audit.log import record
from mda.errors import Refused, RuleError
from mda.extensions import db

# The form field a refusal reason concerns, whatever the form: a step that needs a reason.
REASON_FIELDS = {"reason_required": "reason"}


def render_form(template: str, dossier, status: int = 200, **context):
    """Re-shows a form page; showing the dossier's data counts as a read."""
    record("view", dossier_id=dossier.id, object=request.endpoint or "")
    return render_template(template, dossier=dossier, **context), status


def conflict_page(dossier, form):
    """Refuses a stale edit and shows what the user typed, so nothing is lost."""
    record("update", dossier_id=dossier.id, outcome="denied", object=request.endpoint or "",
           detail="stale version")
    yours = [(field.label.text, field.data) for field in form
             if field.type not in ("CSRFTokenField", "HiddenField") and field.data not in (None, "")]
    return render_template("conflict.html", yours=yours, reload_url=request.path,
                           back_url=url_for("dossiers.show", dossier_id=dossier.id),
                           back_label=_("Back to %(reference)s", reference=dossier.reference)), 409


def language() -> str:
    locale = get_locale()
    return locale.language if locale else "nl"


def refusal_messages(refused: Refused) -> list[str]:
    """The engine's reasons for refusing a step, in the user's language (the guard's own text).

    The operation may have changed rows before the engine refused (a decision's dossier, a
    meeting to plan into): they are rolled back now, not only when the request ends, so the page
    shown again tells what is stored. The form keeps what the user typed; the access log keeps
    the refusal."""
    db.session.rollback()
    lang = language()
    return [reason.text(lang) for reason in refused.reasons]


def put_problems(form, error: RuleError | Refused, fields: dict[str, str] | None = None) -> None:
    """Puts each problem on the form field it concerns, and one that names no field of the form
    on its first field. A refusal's reasons go on the field ``fields`` (or ``REASON_FIELDS``)
    names for their code (see ``refusal_messages``)."""
    if isinstance(error, Refused):
        fields = {**REASON_FIELDS, **(fields or {})}
        problems = zip((fields.get(reason.code) for reason in error.reasons), refusal_messages(error), strict=True)
    else:
        problems = getattr(error, "problems", [(error.field, error.message)])
    for name, message in problems:
        field = form[name] if name in form else None
        if field is None:
            field = next(iter(f for f in form if f.type not in ("CSRFTokenField", "HiddenField")))
        if isinstance(field.errors, tuple):
            field.errors = list(field.errors)
        field.errors.append(message)
