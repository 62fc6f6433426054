"""The MDA++ workflows: states, transitions, guards, cadences and task templates.

Plain Python, readable by a domain expert and testable without the web application: this
package imports nothing from Flask, SQLAlchemy or `mda`. The engine in `mda.engine` binds these
specs to the database.
"""
from .conferences import CONFERENCE_WORKFLOW, MINUTES_WORKFLOW
from .case import (
    ACTIVE_PHASES, CASE_WORKFLOW, CLOSING_REVIEW_GAP, CLOSING_THRESHOLD, ENDED_STATES, PARTNER_SCORES_NEEDED,
    REVIEW_CADENCE, SAFETY_THRESHOLD, review_interval,
)
from .closing import (ENDED_DOSSIER_TASK_KINDS, HANDOVER_WORKFLOW, LIVE_HANDOVER_STATES, REOPENING_WORKFLOW,
                      reopening_decision_tasks)
from .diagram import TransitionRow, transition_table, workflow_svg
from .facts import (
    ApplicationFacts, CareGoalFact, CaseFacts, ConferenceFacts, EscalationFacts, HandoverFact, HandoverFacts,
    PartnerFact, PersonFact, RestrainingOrderFacts, SafetyPlanFact, ScoreFact, ScreeningFact,
    SignalFact, TaskFacts,
)
from .feedback import FEEDBACK_OCCASIONS, FOLLOW_UP_ROUTES, reporter_feedback
from .incidents import SAME_INCIDENT_WINDOW, matching_incident, possible_incidents, same_incident
from .intake import APPLICATION_WORKFLOW
from .instruments import RISK_INSTRUMENTS, RISK_LEVELS, RiskInstrument
from .restraining import (ORDER_STATUSES, RESTRAINING_ORDER_WORKFLOW, RUNNING_ORDER_STATES, first_end, latest_end,
                          order_status)
from .escalation import (
    DEFAULT_LADDER, ESCALATION_WORKFLOW, NO_PROGRESS_STATES, OPEN_ESCALATION_STATES, RUNGS, STALL_DEFAULTS,
    STALL_SIGNALS, Rung, StallThresholds, ladder_text, overdue_cutoff, parse_ladder, rises_on, stall_reason,
)
from .notifications import (DEFAULT_DIGEST_TIME, DELIVERIES, MAIL_BODY, MAIL_SUBJECT, NOTIFICATION_KINDS,
                            NotificationKind, default_delivery)
from .guards import (
    COMPLETED_BY_RECORD, GUARD_DESCRIPTIONS, GUARDS, Action, Reason, available_actions, evaluate, permission_reasons,
)
from .spec import Label, StateSpec, TransitionSpec, WorkflowSpec, machine_definition
from .tasks import (
    DECISION_TASK_KINDS, DEFAULT_TEAM_ROLES, TASK_HOLDERS, TASK_KINDS, TASK_WORKFLOW, TEAM_WORKFLOW,
    URGENT_TASK_KINDS, TaskContext, TaskTemplate,
    holder_reasons, holders_label, kinds_taken_over_by, may_hold, next_review_task, plan_confirmation_task,
    plan_revision_task, restraining_order_extension_task, restraining_order_task, school_signal_tasks,
    score_request_task, step_refusal, task_steps, tasks_on_assessment, tasks_on_entering,
)
from .schooldays import DEFAULT_SCHOOL_START, SchoolCalendar, SchoolHoliday, school_signal_due
from .workdays import EQUATED_DAYS, WorkingCalendar, recognised_holidays
from .retention import APPLICATION_RETENTION_YEARS, RETENTION_YEARS

WORKFLOWS = {spec.name: spec for spec in (CASE_WORKFLOW, TASK_WORKFLOW, TEAM_WORKFLOW, APPLICATION_WORKFLOW,
                                           CONFERENCE_WORKFLOW, MINUTES_WORKFLOW, ESCALATION_WORKFLOW,
                                           RESTRAINING_ORDER_WORKFLOW, HANDOVER_WORKFLOW, REOPENING_WORKFLOW)}

__all__ = [
    'ORDER_STATUSES', 'RESTRAINING_ORDER_WORKFLOW', 'RISK_INSTRUMENTS', 'RISK_LEVELS', 'RUNNING_ORDER_STATES',
    'RestrainingOrderFacts', 'RiskInstrument', 'first_end', 'latest_end', 'order_status',
    'DEFAULT_LADDER', 'ESCALATION_WORKFLOW', 'EscalationFacts', 'NO_PROGRESS_STATES', 'OPEN_ESCALATION_STATES',
    'RUNGS', 'Rung',
    'STALL_DEFAULTS', 'STALL_SIGNALS', 'StallThresholds', 'ladder_text', 'overdue_cutoff', 'parse_ladder',
    'rises_on', 'stall_reason',
    'NOTIFICATION_KINDS', 'NotificationKind', 'DEFAULT_DIGEST_TIME', 'DELIVERIES', 'MAIL_BODY', 'MAIL_SUBJECT',
    'default_delivery',
    'APPLICATION_WORKFLOW', 'CONFERENCE_WORKFLOW', 'MINUTES_WORKFLOW', 'ApplicationFacts', 'ConferenceFacts',
    'CLOSING_REVIEW_GAP', 'DECISION_TASK_KINDS', 'DEFAULT_TEAM_ROLES', 'URGENT_TASK_KINDS',
    'PARTNER_SCORES_NEEDED', 'TASK_HOLDERS', 'holder_reasons',
    'holders_label', 'kinds_taken_over_by', 'may_hold', 'score_request_task',
    'ACTIVE_PHASES', 'CASE_WORKFLOW', 'COMPLETED_BY_RECORD', 'ENDED_STATES', 'EQUATED_DAYS', 'GUARDS',
    'GUARD_DESCRIPTIONS',
    'REVIEW_CADENCE', 'TASK_KINDS', 'TASK_WORKFLOW', 'TEAM_WORKFLOW', 'WORKFLOWS', 'Action',
    'CareGoalFact', 'CaseFacts', 'Label', 'PartnerFact', 'PersonFact', 'Reason',
    'SafetyPlanFact', 'ScoreFact', 'ScreeningFact', 'SignalFact', 'StateSpec', 'TaskContext', 'TaskFacts',
    'TaskTemplate', 'TransitionRow', 'TransitionSpec', 'WorkflowSpec', 'WorkingCalendar',
    'available_actions', 'evaluate', 'machine_definition', 'next_review_task',
    'permission_reasons', 'plan_confirmation_task', 'plan_revision_task', 'recognised_holidays',
    'restraining_order_extension_task', 'restraining_order_task',
    'review_interval', 'school_signal_tasks',
    'tasks_on_assessment', 'tasks_on_entering', 'transition_table', 'workflow_svg',
    'FEEDBACK_OCCASIONS', 'FOLLOW_UP_ROUTES', 'reporter_feedback',
    'SAME_INCIDENT_WINDOW', 'matching_incident', 'possible_incidents', 'same_incident',
    'CLOSING_THRESHOLD', 'SAFETY_THRESHOLD', 'APPLICATION_RETENTION_YEARS', 'RETENTION_YEARS',
    'DEFAULT_SCHOOL_START', 'SchoolCalendar', 'SchoolHoliday', 'school_signal_due', 'step_refusal', 'task_steps',
    'ENDED_DOSSIER_TASK_KINDS', 'HANDOVER_WORKFLOW', 'HandoverFact', 'HandoverFacts', 'LIVE_HANDOVER_STATES',
    'REOPENING_WORKFLOW',    'reopening_decision_tasks',
]
