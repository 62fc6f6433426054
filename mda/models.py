"""Imports every model so that Alembic and the app see the whole schema."""
from mda.orgs.models import Organisation, Region  # noqa: F401
from mda.auth.models import AccountEvent, User  # noqa: F401
from mda.dossiers.models import (BreakGlassGrant, Dossier, Note, Person, PersonStatement, Signal,  # noqa: F401
                                 TeamMembership)
from mda.audit.models import AccessLogEntry  # noqa: F401
from mda.engine.models import TransitionLog  # noqa: F401
from mda.tasks.models import Task  # noqa: F401
from mda.careplan.models import CareGoal, CareIntervention, TraumaScreening  # noqa: F401
from mda.casework.models import ReporterFeedback, SafetyAssessment  # noqa: F401
from mda.reviews.models import (PartnerScore, RestrainingOrder, RiskAssessment, RiskAssessmentAnswer,  # noqa: F401
                                SafetyReview)
from mda.safetyplan.models import SafetyAgreement, SafetyPlan, SafetyPlanConfirmation  # noqa: F401
from mda.orgs.models import ClosedDay, SchoolHoliday  # noqa: F401
from mda.jobs.models import JobClaim, JobRun  # noqa: F401
from mda.intake.models import (Application, ApplicationCriterion, ApplicationOrganisation,  # noqa: F401
                               ApplicationPerson, TriageMeeting)
from mda.conferences.models import (Conference, ConferenceDecision, ConferenceInvitee,  # noqa: F401
                                    ConferenceMinutes)
from mda.core.models import FormSubmission  # noqa: F401
from mda.inbox.models import InboxItem, NotificationPreference, OutboxMail  # noqa: F401
from mda.escalation.models import Escalation, EscalationLevel, EscalationNotice  # noqa: F401
from mda.engine.protection import protect_state_columns
from mda.extensions import db

protect_state_columns(db.Model)
