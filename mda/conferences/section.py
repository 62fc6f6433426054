"""The case conferences of a dossier on the dossier page."""
from mda.access import Action, can
from mda.conferences import vocabulary
from mda.conferences.queries import conference_rows


def dossier_section(dossier, user, lang: str) -> dict | None:
    if not can(user, Action.CONFERENCE_VIEW, dossier):
        return None
    return {
        "conferences": conference_rows(dossier.id),
        "statuses": vocabulary.STATUS,
        "may_manage": can(user, Action.CONFERENCE_MANAGE, dossier),
    }
