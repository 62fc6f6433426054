"""Request helpers every concern's handlers share: re-showing a form page, refusing a stale edit,
putting a rule's problems on the form."""
from flask import render_template, request, url_for
from flask_babel import gettext as _

from mda.audit.log import record
from mda.errors import RuleError


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


def put_problems(form, error: RuleError) -> None:
    """Puts each problem on the form field it concerns."""
    problems = getattr(error, "problems", [(error.field, error.message)])
    for name, message in problems:
        field = form[name] if name in form else None
        if field is None:
            field = next(iter(f for f in form if f.type not in ("CSRFTokenField", "HiddenField")))
        if isinstance(field.errors, tuple):
            field.errors = list(field.errors)
        field.errors.append(message)
