"""This package's part of the dossier page: the current version, who has and has not confirmed
it, and the agreements. A fixed number of queries, whatever the size of the plan."""
from mda.access import Action, can
from mda.core import clock
from mda.safetyplan.forms import ConfirmForm, ReopenForm
from mda.safetyplan.queries import is_editable, needs_confirmation, plan_organisations, section_data
from mda.safetyplan.revision import next_conference, pending_revision
from mda.safetyplan.versions import Names


def dossier_section(dossier, user, lang: str) -> dict | None:
    """Context for ``safetyplan/_section.html`` on the dossier page."""
    data = section_data(dossier.id)
    organisations = plan_organisations(dossier)
    confirmed = {c.organisation_id for c in data.confirmations}
    names = Names(dossier, organisations)
    editable = is_editable(dossier)
    may_edit, may_export = (can(user, action, dossier) for action in (Action.PLAN_EDIT, Action.PLAN_EXPORT))
    return {
        "plan": data.plan,
        "author": data.author,
        "agreements": [names.agreement(a.description, a.responsible_organisation_id, a.responsible_person_id,
                                       a.due_on, a.responsible_organisation, data.not_for.get(a.id, ()))
                       for a in data.agreements],
        "confirmations": data.confirmations,
        "unconfirmed": [org for org in organisations if org.id not in confirmed],
        "may_edit": editable and may_edit,
        "may_export": data.plan is not None and may_export,
        "needs_confirmation": needs_confirmation(user, dossier, data.plan, organisations, confirmed),
        "confirm_form": ConfirmForm(formdata=None),
        **relapse_context(dossier, user, data.plan, editable),
    }


def relapse_context(dossier, user, plan, editable: bool) -> dict:
    """After a relapse, until the coordinator has reopened the plan: the task, the way to reopen
    the plan, and the offer to plan a case conference (or the one planned already)."""
    revision = pending_revision(dossier.id)
    coming = next_conference(dossier.id, clock.today())  # asked either way: the page's queries stay fixed
    if revision is None:
        return {"revision": None}
    return {
        "revision": revision,
        "may_reopen": editable and plan is not None and can(user, Action.PLAN_REOPEN, dossier),
        "reopen_form": ReopenForm(formdata=None, version=plan.version if plan else 0),
        "may_plan_conference": editable and can(user, Action.CONFERENCE_MANAGE, dossier),
        "next_conference": coming,
    }
