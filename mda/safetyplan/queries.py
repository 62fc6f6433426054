"""Read models of the safety plan: its versions, their agreements and confirmations, and who takes
part in it. Each function issues a fixed number of queries."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from mda.access import Action, can
from mda.auth.models import User
from mda.core.rules import is_open
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.safetyplan.models import SafetyAgreement, SafetyPlan, SafetyPlanConfirmation, WithheldAgreement
from workflows.vocabulary import NON_PLAN_ORG_KINDS

def load_version(dossier_id: int, version: int | None = None) -> SafetyPlan | None:
    """One version (default: the current one) with its agreements, what is withheld from whom,
    and its confirmations."""
    stmt = select(SafetyPlan).where(SafetyPlan.dossier_id == dossier_id).options(
        selectinload(SafetyPlan.agreements).joinedload(SafetyAgreement.responsible_organisation),
        selectinload(SafetyPlan.agreements).selectinload(SafetyAgreement.withheld),
        selectinload(SafetyPlan.withheld_parts),
        selectinload(SafetyPlan.confirmations).joinedload(SafetyPlanConfirmation.organisation))
    if version is None:
        stmt = stmt.order_by(SafetyPlan.version.desc()).limit(1)
    else:
        stmt = stmt.where(SafetyPlan.version == version)
    return db.session.scalar(stmt)


def current_version_number(dossier_id: int) -> int:
    """The current version's number; 0 when there is no plan yet."""
    return db.session.scalar(select(func.max(SafetyPlan.version))
                             .where(SafetyPlan.dossier_id == dossier_id)) or 0


@dataclass
class VersionRow:
    version: int
    created_at: datetime
    author: str
    organisation: str
    substantive: bool
    change_summary: str
    confirmations: int


def version_list(dossier_id: int) -> list[VersionRow]:
    """Every version, newest first, with its author and number of confirmations (one query)."""
    confirmed = (select(func.count(SafetyPlanConfirmation.id))
                 .where(SafetyPlanConfirmation.plan_id == SafetyPlan.id)
                 .correlate(SafetyPlan).scalar_subquery())
    rows = db.session.execute(
        select(SafetyPlan.version, SafetyPlan.created_at, User.full_name, Organisation.name,
               SafetyPlan.substantive, SafetyPlan.change_summary, confirmed)
        .join(User, User.id == SafetyPlan.author_id)
        .join(Organisation, Organisation.id == User.organisation_id)
        .where(SafetyPlan.dossier_id == dossier_id)
        .order_by(SafetyPlan.version.desc()))
    return [VersionRow(*row) for row in rows]


def users_by_id(ids) -> dict[int, User]:
    ids = set(ids)
    if not ids:
        return {}
    return {user.id: user for user in db.session.scalars(select(User).where(User.id.in_(ids)))}


def plan_organisations(dossier) -> list[Organisation]:
    """The organisations that confirm the plan: the active team partners that share plans, and
    the coordinator's own organisation."""
    organisations = [m.organisation for m in dossier.memberships
                     if m.status == "active" and m.organisation.kind not in NON_PLAN_ORG_KINDS]
    own = dossier.coordinator.organisation
    if own.id not in {org.id for org in organisations}:
        organisations.insert(0, own)
    return organisations


def is_editable(dossier) -> bool:
    return is_open(dossier)


def needs_confirmation(user, dossier, current: SafetyPlan | None, organisations, confirmed: set[int]) -> bool:
    """Whether ``user``'s organisation has still to confirm ``current``, the current version
    (None: no plan, or an older version is shown), which ``confirmed`` organisations have: what
    ``operations.confirm`` would accept from them."""
    may_confirm = can(user, Action.PLAN_CONFIRM, dossier)  # asked with or without a plan: same queries
    return (may_confirm and current is not None and is_editable(dossier)
            and user.organisation_id in {org.id for org in organisations}
            and user.organisation_id not in confirmed)


@dataclass
class SectionData:
    plan: SafetyPlan | None
    author: str
    agreements: list[SafetyAgreement]
    confirmations: list[SafetyPlanConfirmation]
    not_for: dict[int, set[int]]  # agreement id: the persons it is withheld from


def section_data(dossier_id: int) -> SectionData:
    """The current version for the dossier page: always four queries, with or without a plan."""
    latest = (select(SafetyPlan.id).where(SafetyPlan.dossier_id == dossier_id)
              .order_by(SafetyPlan.version.desc()).limit(1).scalar_subquery())
    found = db.session.execute(select(SafetyPlan, User.full_name)
                               .join(User, User.id == SafetyPlan.author_id)
                               .where(SafetyPlan.id == latest)).first()
    agreements = db.session.scalars(
        select(SafetyAgreement).options(joinedload(SafetyAgreement.responsible_organisation))
        .where(SafetyAgreement.plan_id == latest).order_by(SafetyAgreement.position)).all()
    confirmations = db.session.scalars(
        select(SafetyPlanConfirmation).options(joinedload(SafetyPlanConfirmation.organisation))
        .where(SafetyPlanConfirmation.plan_id == latest)
        .order_by(SafetyPlanConfirmation.confirmed_at, SafetyPlanConfirmation.id)).all()
    not_for = {}
    for agreement_id, person_id in db.session.execute(
            select(WithheldAgreement.agreement_id, WithheldAgreement.person_id)
            .join(SafetyAgreement, SafetyAgreement.id == WithheldAgreement.agreement_id)
            .where(SafetyAgreement.plan_id == latest)):
        not_for.setdefault(agreement_id, set()).add(person_id)
    plan, author = found if found else (None, "")
    return SectionData(plan, author, list(agreements), list(confirmations), not_for)
