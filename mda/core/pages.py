"""Request helpers every concern's handlers share: re-showing a form page, refusing a stale edit,
putting a rule's problems or the engine's refusal on the form.

A stale or duplicate write (``ConflictError``) ends in ``stale_write_page`` (``conflict_page`` on a
dossier's pages), or, where the page shows more than the user's input, in ``refuse_stale_write``:
the one place that rolls back."""
from collections.abc import Callable
from dataclasses import dataclass

from flask import render_template, request, url_for
from flask_babel import gettext as _

from mda.audit.log import record
from mda.core.i18n import language
from mda.errors import Refused, RuleError
from mda.extensions import db

# The form field a refusal reason concerns, whatever the form: a step that needs a reason.
REASON_FIELDS = {"reason_required": "reason"}


def render_form(template: str, dossier, status: int = 200, **context):
    """Re-shows a form page; showing the dossier's data counts as a read."""
    record("view", dossier_id=dossier.id, object=request.endpoint or "")
    return render_template(template, dossier=dossier, **context), status


@dataclass(frozen=True)
class StaleWrite:
    """Where a write was refused as stale (the access log's object), and the ways on from the
    conflict page: to the current version (the form again), and the handler's own way back."""

    object: str
    dossier_id: int | None
    reload_url: str = ""
    back_url: str = ""
    back_label: str = ""


def refuse_stale_write(where: Callable[[], StaleWrite]) -> StaleWrite:
    """Someone else wrote first (a ``ConflictError`` reached the handler): rolls back what this
    request changed and logs the refused write. The operations never roll back; this is the one
    place that does. ``where`` is asked only after the rollback: after a refused flush nothing
    of the session can be read until then."""
    db.session.rollback()
    place = where()
    record("update", dossier_id=place.dossier_id, outcome="denied", object=place.object, detail="stale version")
    return place


def typed(form) -> list[tuple[str, object]]:
    """What the user entered in ``form``, as (label, value)."""
    return [(field.label.text, field.data) for field in form
            if field.type not in ("CSRFTokenField", "HiddenField") and field.data not in (None, "")]


def stale_write_page(form, where: Callable[[], StaleWrite], *, yours: list | None = None):
    """Refuses a stale or duplicate write (``refuse_stale_write``) and shows what the user entered
    (``yours``, default everything on ``form``), so nothing is lost."""
    yours = typed(form) if yours is None else yours
    place = refuse_stale_write(where)
    return render_template("conflict.html", yours=yours, reload_url=place.reload_url, back_url=place.back_url,
                           back_label=place.back_label), 409


def conflict_page(dossier, form):
    """Refuses a stale edit on a dossier's pages and shows what the user typed."""
    return stale_write_page(form, lambda: StaleWrite(
        request.endpoint or "", dossier.id, reload_url=request.path,
        back_url=url_for("dossiers.show", dossier_id=dossier.id),
        back_label=_("Back to %(reference)s", reference=dossier.reference)))


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
