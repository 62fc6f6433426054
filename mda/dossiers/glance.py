"""The dossier at a glance: what the top of the dossier page answers in one screen, taken from what
the page has loaded already (the case's context and the plans' sections), without a query more."""
from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass
class Overdue:
    organisation: str
    titles: list[str] = field(default_factory=list)
    since: date | None = None   # the due day of the task overdue longest


@dataclass
class Glance:
    state: str
    since: datetime
    concern: str
    concern_source: str          # "plan" (the safety plan's danger statement) or "dossier"
    latest_signal: object | None
    conditions: list[str]
    unconfirmed: list[str]
    overdue: list[Overdue]
    next_review: object | None   # the pending review task
    order: object | None         # the restraining order the front shows (mda.reviews.orders.OrderView)
    handover: object | None
    stalled_since: date | None
    escalation: object | None
    escalated_to: str = ""      # the rung of the open escalation, in words


def _latest_signal(signals):
    return max(signals, key=lambda s: (s.reported_on, s.reported_time is not None, s.reported_time or 0, s.id),
               default=None) if signals else None


def overdue_by_organisation(tasks, today: date, lang: str) -> list[Overdue]:
    """The overdue tasks per organisation that holds them, the longest overdue first."""
    groups: dict[str, Overdue] = {}
    for task in sorted(tasks, key=lambda t: (t.due_on, t.id)):
        if task.is_overdue(today):
            group = groups.setdefault(task.organisation.name, Overdue(task.organisation.name, since=task.due_on))
            group.titles.append(task.title(lang))
    return list(groups.values())


def glance(dossier, context: dict, sections: dict[str, dict], today: date) -> Glance:
    """``context`` is the case's context (mda.casework.context); ``sections`` each plan's section
    context by package name, as the page has them."""
    plan_section = sections.get("safetyplan") or {}
    plan = plan_section.get("plan")
    reviews = sections.get("reviews") or {}
    escalation = sections.get("escalation") or {}
    stalls = escalation.get("signals") or []
    current = escalation.get("current")
    danger = (plan.danger_statement or "").strip() if plan else ""
    return Glance(
        state=dossier.state,
        since=context.get("phase_since") or dossier.created_at,  # its latest phase change, else its opening
        concern=danger or dossier.summary or "",
        concern_source="plan" if danger else "dossier",
        latest_signal=_latest_signal(dossier.signals),
        conditions=[line.strip(" -•*\t") for line in (plan.safety_conditions if plan else "").splitlines()
                    if line.strip(" -•*\t")],
        unconfirmed=[org.name for org in plan_section.get("unconfirmed", [])] if plan else [],
        overdue=overdue_by_organisation(context["tasks"], today, context["lang"]),
        next_review=reviews.get("next_review"),
        order=reviews.get("front_order"),
        handover=context.get("handover"),
        stalled_since=min((day for _, day in stalls), default=None),
        escalation=current,
        escalated_to=escalation["rungs"][current.rung].text(context["lang"]) if current else "",
    )
