"""The dossier's intake record on the dossier page: its applications for MDA++ and their outcome."""
from mda.access import Action, can
from mda.intake import vocabulary
from mda.intake.models import WAITING_STAGES
from mda.intake.queries import APPLICABLE_STATES, dossier_applications


def dossier_section(dossier, user, lang: str) -> dict | None:
    applications = dossier_applications(dossier.id)
    return {
        "applications": applications,
        "statuses": vocabulary.STATUS,
        "may_apply": can(user, Action.APPLICATION_CREATE, dossier) and dossier.state in APPLICABLE_STATES
                     and not any(a.stage in (*WAITING_STAGES, "accepted") for a in applications),
    }
