"""What each event of the case work tells whom: the kind, the key that makes it once, the page
where the work is done. The operations that make these events happen call these (creating tasks,
inviting a partner, planning a conference, opening a review, recording a signal); the steps of the
engine reach them through the effects in ``mda.inbox.lifecycle``. Whoever caused an event gets no
item about it; their colleagues who work on cases do."""
from datetime import date

from mda.core.redirects import path_for
from mda.inbox.operations import CASE_ROLES, notify, staff_of


def case_staff(organisation_ids, actor) -> set[int]:
    return staff_of(organisation_ids, but=actor, roles=CASE_ROLES)


# Tasks whose organisation hears of them as their own kind of event, not as a new task.
TASK_EVENTS = {"school_signal": "school_signal", "reopening_decision": "re_report"}


def task_created(task, actor, today: date | None = None, kind: str | None = None) -> None:
    """A new task for an organisation: its staff hear of it (a school of a Handle with Care
    signal, which is urgent, as is a new report on a closed case to decide on)."""
    if task.kind == "safety_score" and kind is None:
        return  # the partners hear of it as the review's request to score (score_requested)
    kind = kind or TASK_EVENTS.get(task.kind, "task_assigned")
    notify(kind, url=path_for("tasks.show", task_id=task.id), key=f"{kind}:task:{task.id}",
           users=case_staff([task.organisation_id], actor), dossier_id=task.dossier_id, today=today)


def task_handed_over(successor, actor, today: date | None = None) -> None:
    """A task given to another organisation; a Handle with Care signal that reaches the school
    (once the child's school is recorded) is as urgent as when it was made."""
    kind = "school_signal" if successor.kind == "school_signal" else "task_handed_over"
    task_created(successor, actor, today, kind=kind)


def task_declined(task, coordinator_id: int, actor, today: date | None = None) -> None:
    """The coordinator must give a declined task to another partner."""
    if coordinator_id == getattr(actor, "id", None):
        return
    notify("task_declined", url=path_for("tasks.show", task_id=task.id), key=f"task_declined:task:{task.id}",
           users=[coordinator_id], dossier_id=task.dossier_id, today=today)


def team_invitation(membership, actor) -> None:
    notify("team_invitation", url=path_for("tasks.index", _anchor="uitnodigingen"),
           key=f"team_invitation:membership:{membership.id}",
           users=case_staff([membership.organisation_id], actor), dossier_id=membership.dossier_id)


def conference_invitation(conference, organisation_ids, actor) -> None:
    """Every partner invited to the conference (one planned again keeps its earlier invitations:
    only a partner invited since hears of it)."""
    notify("conference_invitation",
           url=path_for("conferences.show", dossier_id=conference.dossier_id, conference_id=conference.id),
           key=f"conference_invitation:conference:{conference.id}", users=case_staff(organisation_ids, actor),
           dossier_id=conference.dossier_id)


def score_requested(review, organisation_ids, actor, today: date | None = None) -> None:
    notify("score_requested", url=path_for("reviews.review", dossier_id=review.dossier_id, review_id=review.id),
           key=f"score_requested:review:{review.id}", users=case_staff(organisation_ids, actor),
           dossier_id=review.dossier_id, today=today)


def _coordinator_and_team(dossier, organisation_ids, actor) -> set[int]:
    return case_staff(organisation_ids, actor) | ({dossier.coordinator_id} - {getattr(actor, "id", None)})


def signal_recorded(signal, dossier, organisation_ids, actor, relapse: bool, today: date | None = None,
                    acute: bool | None = None) -> None:
    """A new signal on a dossier: its coordinator and team hear of it as acute (urgent), or as a new
    signal unless it caused a relapse, which they hear of as such (``relapse``). ``acute`` says
    whether it is news that is acute (not when another report of its incident already was)."""
    acute = signal.acute if acute is None else acute
    if relapse and not acute:
        return
    kind = "acute_signal" if acute else "new_signal"
    notify(kind, url=path_for("dossiers.show", dossier_id=dossier.id), key=f"{kind}:signal:{signal.id}",
           users=_coordinator_and_team(dossier, organisation_ids, actor), dossier_id=dossier.id, today=today)


def relapse(dossier, organisation_ids, actor, cause: str, today: date | None = None) -> None:
    """The case went back to phase 1: its coordinator and team hear of it, whoever took the step (a
    new signal, or the coordinator by hand). ``cause`` names the event (the signal, or the step)."""
    notify("relapse", url=path_for("dossiers.show", dossier_id=dossier.id, _anchor="terugval"),
           key=f"relapse:{cause}", users=_coordinator_and_team(dossier, organisation_ids, actor),
           dossier_id=dossier.id, today=today)
