"""Operations on the plans that the workflow engine calls."""


def reopen_safety_plan(dossier, user, today=None):
    """After a relapse the plan is reviewed again: a new version with every part, the notes and the
    agreements, without confirmations."""
    from mda.safetyplan.operations import reopen
    return reopen(dossier, user, today)
