"""The region's organisations as its administrator keeps them: name, kind (``workflows``
vocabulary), functional mailbox and, for a school, its contact for Handle with Care signals.

An organisation is never deleted (users, tasks and the access log name it); it is deactivated,
which takes it out of every choice. A change that would leave work without a fitting holder is
refused with the reason: a kind that cannot hold the organisation's open tasks, or that never joins
a team while it is on one; deactivating while it still has active users, open tasks or a place on
a team."""
from collections import Counter

from flask_babel import lazy_gettext as _l, ngettext
from sqlalchemy import func, select

from mda.admin.accounts import CASE_ROLES
from mda.audit.log import record
from mda.auth.models import User
from mda.core.i18n import lazy_label
from mda.core.persistence import flush
from mda.dossiers.models import CURRENT_MEMBERSHIP_STATUSES, Dossier, Person, TeamMembership
from mda.errors import Invalid, RuleError
from mda.extensions import db
from mda.orgs.models import NON_TEAM_KINDS, Organisation
from mda.tasks.models import OPEN_STATES, Task
from workflows import may_hold, vocabulary

NAME_TAKEN = _l("An organisation with this name already exists. Choose another name.")


def region_organisations(region_id: int) -> list[Organisation]:
    """All of the region's organisations (a region has a few dozen), active ones first, by name."""
    return list(db.session.scalars(select(Organisation).where(Organisation.region_id == region_id)
                                   .order_by(Organisation.active.desc(), Organisation.name)))


def region_organisation(region_id: int, organisation_id: int) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.id == organisation_id,
                                                        Organisation.region_id == region_id))


def user_counts(region_id: int) -> dict[int, int]:
    """Active users per organisation of the region."""
    return dict(db.session.execute(
        select(User.organisation_id, func.count(User.id)).join(User.organisation)
        .where(Organisation.region_id == region_id, User.active.is_(True)).group_by(User.organisation_id)).all())


def _name_taken(name: str, but: int | None = None) -> bool:
    stmt = select(Organisation.id).where(func.lower(Organisation.name) == name.lower())
    if but is not None:
        stmt = stmt.where(Organisation.id != but)
    return db.session.execute(stmt).first() is not None


def _contact(kind: str, contact_name: str | None, contact_phone: str | None) -> tuple[str | None, str | None]:
    if kind != "school" and (contact_name or contact_phone):
        raise RuleError(_l("Only a school has a contact for Handle with Care signals: choose the kind school, "
                           "or leave the contact empty."), "contact_name")
    return contact_name or None, contact_phone or None


def create_organisation(region_id: int, *, name: str, kind: str, email: str | None, contact_name: str | None,
                        contact_phone: str | None) -> Organisation:
    if _name_taken(name):
        raise RuleError(NAME_TAKEN, "name")
    contact_name, contact_phone = _contact(kind, contact_name, contact_phone)
    row = Organisation(region_id=region_id, name=name, kind=kind, email=email or None, contact_name=contact_name,
                       contact_phone=contact_phone)
    db.session.add(row)
    flush()  # the same name sent a moment ago: a ConflictError
    record("create", object=f"organisation:{row.id}", detail=f"{name} ({kind})")
    return row


def _open_tasks(organisation: Organisation) -> list[tuple[str, bool]]:
    """(kind, whether the organisation coordinates the task's dossier) of its open tasks."""
    coordinator_org = select(User.organisation_id).where(User.id == Dossier.coordinator_id).scalar_subquery()
    return [(kind, org_id == organisation.id) for kind, org_id in db.session.execute(
        select(Task.kind, coordinator_org).join(Dossier, Dossier.id == Task.dossier_id)
        .where(Task.organisation_id == organisation.id, Task.state.in_(OPEN_STATES))).all()]


def _team_places(organisation: Organisation) -> int:
    return db.session.scalar(select(func.count(TeamMembership.id)).where(
        TeamMembership.organisation_id == organisation.id,
        TeamMembership.status.in_(CURRENT_MEMBERSHIP_STATUSES))) or 0


def _kind_problems(organisation: Organisation, kind: str) -> list[tuple[str, str]]:
    """Why ``organisation`` cannot become ``kind`` now: work it holds that the new kind cannot."""
    problems = []
    new = lazy_label(vocabulary.ORG_KINDS[kind])
    unfit = Counter(task_kind for task_kind, coordinates in _open_tasks(organisation)
                    if not may_hold(task_kind, kind, coordinators_organisation=coordinates))
    if unfit:
        tasks = ", ".join(f"{lazy_label(vocabulary.TASK_KINDS[k])} ({n})" for k, n in sorted(unfit.items()))
        problems.append(("kind", ngettext(
            "%(name)s holds %(num)d open task that an organisation of the kind %(kind)s cannot hold: "
            "%(tasks)s. Give it to another organisation first.",
            "%(name)s holds %(num)d open tasks that an organisation of the kind %(kind)s cannot hold: "
            "%(tasks)s. Give them to another organisation first.",
            sum(unfit.values()), name=organisation.name, kind=new, tasks=tasks)))
    if kind in NON_TEAM_KINDS:
        if places := _team_places(organisation):
            problems.append(("kind", ngettext(
                "%(name)s is on the team of %(num)d dossier, and an organisation of the kind %(kind)s never "
                "joins a team. It leaves the team first.",
                "%(name)s is on the teams of %(num)d dossiers, and an organisation of the kind %(kind)s never "
                "joins a team. It leaves those teams first.", places, name=organisation.name, kind=new)))
        case_staff = db.session.scalar(select(func.count(User.id)).where(
            User.organisation_id == organisation.id, User.active.is_(True), User.role.in_(CASE_ROLES))) or 0
        if case_staff:
            problems.append(("kind", ngettext(
                "%(num)d case coordinator or team lead works at %(name)s, and an organisation of the kind "
                "%(kind)s does not work on cases. Change their role first.",
                "%(num)d case coordinators or team leads work at %(name)s, and an organisation of the kind "
                "%(kind)s does not work on cases. Change their roles first.",
                case_staff, name=organisation.name, kind=new)))
    if organisation.kind == "school" and kind != "school":
        children = db.session.scalar(select(func.count(Person.id)).where(Person.school_id == organisation.id)) or 0
        if children:
            problems.append(("kind", ngettext(
                "%(num)d child in a dossier goes to this school; Handle with Care signals for them go here.",
                "%(num)d children in dossiers go to this school; Handle with Care signals for them go here.",
                children)))
    return problems


def update_organisation(organisation: Organisation, *, name: str, kind: str, email: str | None,
                        contact_name: str | None, contact_phone: str | None) -> None:
    problems = []
    if name != organisation.name and _name_taken(name, but=organisation.id):
        problems.append(("name", str(NAME_TAKEN)))
    if kind != organisation.kind:
        problems += _kind_problems(organisation, kind)
    try:
        contact_name, contact_phone = _contact(kind, contact_name, contact_phone)
    except RuleError as error:
        problems.append((error.field, str(error.message)))
    if problems:
        raise Invalid(problems)
    before = (organisation.name, organisation.kind)
    organisation.name, organisation.kind, organisation.email = name, kind, email or None
    organisation.contact_name, organisation.contact_phone = contact_name, contact_phone
    flush()
    record("update", object=f"organisation:{organisation.id}",
           detail=f"{before[0]} ({before[1]}) -> {name} ({kind})" if before != (name, kind) else name)


def deactivate_organisation(organisation: Organisation) -> None:
    """Refused while anything still depends on the organisation: each reason is given."""
    if not organisation.active:
        return
    problems = []
    users = db.session.scalar(select(func.count(User.id)).where(User.organisation_id == organisation.id,
                                                                User.active.is_(True))) or 0
    if users:
        problems.append(ngettext("%(num)d user of %(name)s is still active: deactivate them first.",
                                 "%(num)d users of %(name)s are still active: deactivate them first.",
                                 users, name=organisation.name))
    if tasks := len(_open_tasks(organisation)):
        problems.append(ngettext("%(name)s holds %(num)d open task: give it to another organisation first.",
                                 "%(name)s holds %(num)d open tasks: give them to another organisation first.",
                                 tasks, name=organisation.name))
    if places := _team_places(organisation):
        problems.append(ngettext("%(name)s is on the team of %(num)d dossier: it leaves the team first.",
                                 "%(name)s is on the teams of %(num)d dossiers: it leaves those teams first.",
                                 places, name=organisation.name))
    if problems:
        raise Invalid([("confirm", message) for message in problems])
    organisation.active = False
    db.session.flush()
    record("update", object=f"organisation.deactivated:{organisation.id}", detail=organisation.name)


def reactivate_organisation(organisation: Organisation) -> None:
    if organisation.active:
        return
    organisation.active = True
    db.session.flush()
    record("update", object=f"organisation.reactivated:{organisation.id}", detail=organisation.name)
