"""This package's part of the dossier page: the current version, who has and has not confirmed
it, and the agreements. A fixed number of queries, whatever the size of the plan."""
from mda.access import Action, can
from mda.safetyplan.forms import ConfirmForm
from mda.safetyplan.queries import is_editable, needs_confirmation, plan_organisations, section_data
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
    }
