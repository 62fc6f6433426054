"""What the dossier page shows of the case: the step bar, the engine's actions and their verdicts,
tasks, timeline and Veilig Thuis's assessment."""
from flask_login import current_user

from mda import labels
from mda.access import Action, can
from mda.access.policy import shows_task_outcome
from mda.casework.forms import StepForm
from mda.casework.timeline import FILTERS, dossier_tasks, timeline
from mda.core.rules import is_open
from mda.tasks.models import PENDING_STATES
from mda.core.i18n import language
from mda.engine.core import available
from mda.casework.facts import latest_assessment
from mda.closing.queries import pending_decision, standing_handover
from workflows import CASE_WORKFLOW
from workflows.vocabulary import ASSESSMENT_OUTCOMES, ASSESSMENT_ROUTES

PREVIEW = 10  # the timeline's newest entries on the dossier page, tasks left out: the rest on its own page

# The case workflow's states in order, but the way out of MDA++ after the safety assessment.
MAIN_PATH = tuple(name for name in CASE_WORKFLOW.state_names if name != "handed_over")


def step_bar(state: str, lang: str) -> list[dict]:
    """The phases in order, each marked done, current or to come."""
    path = list(MAIN_PATH)
    if state not in path:  # handed over: the way there, then the state it ended in
        source = next(t.sources[0] for t in CASE_WORKFLOW.transitions if t.dest == state)
        path = [*path[:path.index(source) + 1], state]
    position = path.index(state)
    return [{"name": name, "label": CASE_WORKFLOW.state(name).label.text(lang),
             "status": "done" if i < position else ("current" if i == position else "todo")}
            for i, name in enumerate(path)]


def casework_context(dossier, *, step_form=None, refusal=None) -> dict:
    lang = language()
    health = can(current_user, Action.HEALTH_VIEW, dossier)
    tasks = dossier_tasks(current_user, dossier.id)
    assessment = latest_assessment(dossier.id)
    is_coordinator = can(current_user, Action.CASE_TRANSITION, dossier)
    entries = timeline(dossier, tasks, lang, labels, health=health,
                       conferences=can(current_user, Action.CONFERENCE_VIEW, dossier))
    return {
        "lang": lang,
        "health": health,
        "steps": step_bar(dossier.state, lang),
        "actions": available(dossier, current_user) if is_coordinator else [],
        "step_form": step_form or StepForm(formdata=None),
        "refusal": refusal,
        "tasks": tasks,
        "unfinished_task_ids": {task.id for task in tasks if task.state in PENDING_STATES},
        "outcome_shown": {task.id for task in tasks if shows_task_outcome(task, health)},
        "timeline": [entry for entry in entries if entry.kind not in FILTERS["taken"]][:PREVIEW],
        "timeline_count": len(entries),
        # every phase change is on the timeline: the latest one is when the current phase began
        "phase_since": max((entry.at for entry in entries if entry.kind == "phase"), default=None),
        "assessment": assessment,
        "assessment_labels": (ASSESSMENT_OUTCOMES[assessment.outcome].text(lang),
                              ASSESSMENT_ROUTES[assessment.route].text(lang)) if assessment else None,
        "ended": not is_open(dossier),
        "may_assess": can(current_user, Action.ASSESSMENT_RECORD, dossier) and is_open(dossier),
        "may_set_holder": can(current_user, Action.SAFETY_HOLDER_SET, dossier),
        "handover": standing_handover(dossier.id),
        "reopening": pending_decision(dossier.id),
    }
