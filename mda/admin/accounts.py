"""The region's user accounts as its administrator keeps them: create (with a password to start
with, changed at the first login), change the name, e-mail and role, deactivate a leaver (no login,
sessions ended, everything they did kept: an account is never deleted) and reactivate, reset the
two-step login, set a temporary password, and hand a leaving case coordinator's open dossiers to a
colleague coordinator of the same organisation.

Each change is in the access log and in the account's own history (``AccountEvent``), which names
the administrator. The guards: nobody changes their own role or deactivates themselves, and the
region always keeps an active administrator."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, func, or_, select, update

from mda.audit.log import record, record_many
from mda.auth import sessions
from mda.auth.models import AccountEvent, User
from mda.auth.passwords import hash_password, weakness
from mda.core.persistence import flush
from mda.dossiers.models import Dossier
from mda.errors import RuleError
from mda.extensions import db
from mda.inbox.operations import notify
from mda.orgs.models import NON_TEAM_KINDS, Organisation, Region
from workflows import ENDED_STATES

PAGE_SIZE = 50
# Roles whose work is the cases themselves: a school or the steering group never joins a team.
CASE_ROLES = ("coordinator", "team_lead")
TAKEN = _l("This username is already taken. Choose another one.")


@dataclass(frozen=True)
class UserPage:
    users: list[User]
    next_cursor: int | None  # the id of the last user shown, when there are more


def _in_region(region_id: int):
    return select(User).join(User.organisation).where(Organisation.region_id == region_id)


def region_user(region_id: int, user_id: int) -> User | None:
    return db.session.scalar(_in_region(region_id).where(User.id == user_id))


def user_page(region_id: int, query: str = "", organisation_id: int | None = None, after: int | None = None,
              size: int = PAGE_SIZE) -> UserPage:
    """The region's users by name, ``size`` at a time after the user ``after`` (keyset: a page
    costs the same wherever it is); ``query`` finds a part of the name, username or e-mail."""
    stmt = _in_region(region_id)
    if query:
        pattern = "%" + query.lower().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(or_(*(func.lower(column).like(pattern, escape="\\")
                                for column in (User.full_name, User.username, User.email))))
    if organisation_id is not None:
        stmt = stmt.where(User.organisation_id == organisation_id)
    last = region_user(region_id, after) if after is not None else None
    if last is not None:
        stmt = stmt.where(or_(User.full_name > last.full_name,
                              and_(User.full_name == last.full_name, User.id > last.id)))
    rows = list(db.session.scalars(stmt.order_by(User.full_name, User.id).limit(size + 1)))
    return UserPage(rows[:size], rows[size - 1].id if len(rows) > size else None)


def open_dossiers_coordinated(user: User) -> int:
    """How many open dossiers name the user as their case coordinator (a count, nothing of them)."""
    return db.session.scalar(select(func.count(Dossier.id)).where(Dossier.coordinator_id == user.id,
                                                                  Dossier.state.not_in(ENDED_STATES))) or 0


def successor_candidates(user: User) -> list[User]:
    """Who can take over a coordinator's open dossiers: the active case coordinators of the same
    organisation, which leads the dossiers' teams."""
    return list(db.session.scalars(select(User).where(
        User.organisation_id == user.organisation_id, User.role == "coordinator", User.active.is_(True),
        User.id != user.id).order_by(User.full_name, User.id)))


NO_SUCCESSOR = _l("Choose the case coordinator who takes over the dossiers: an active case coordinator of "
                  "the same organisation.")
NOTHING_TO_HAND_OVER = _l("%(name)s coordinates no open dossiers: there is nothing to hand over.")


def hand_over_dossiers(admin: User, leaver: User, successor: User | None) -> int:
    """Every open dossier that names ``leaver`` as its case coordinator gets ``successor`` instead
    (closed dossiers keep their coordinator: it is their history). The successor must be an active
    case coordinator of the leaver's organisation, which leads those dossiers' teams. Each dossier's
    access log records the change, the account's history names the administrator, and the
    successor finds the dossiers in their inbox. Returns how many dossiers were handed over."""
    if successor is None or successor not in successor_candidates(leaver):  # the one rule of who fits
        raise RuleError(NO_SUCCESSOR, "successor")
    ids = list(db.session.scalars(select(Dossier.id).where(
        Dossier.coordinator_id == leaver.id, Dossier.state.not_in(ENDED_STATES)).order_by(Dossier.id)))
    if not ids:
        raise RuleError(_l(NOTHING_TO_HAND_OVER, name=leaver.full_name), "successor")
    db.session.execute(update(Dossier).where(Dossier.id.in_(ids)).values(
        coordinator_id=successor.id, version_id=Dossier.version_id + 1), execution_options={
        "synchronize_session": "fetch"})
    record_many("update", ({"dossier_id": dossier_id} for dossier_id in ids), object="dossier.coordinator",
                detail=f"user:{leaver.id} -> user:{successor.id}")
    _event(leaver, "dossiers_handed_over", admin, f"{len(ids)} -> {successor.username}")
    notify("cases_handed_over", url="/dossiers", key=f"cases_handed_over:{leaver.id}:{successor.id}:{ids[-1]}",
           users=[successor])
    flush()
    return len(ids)


def history(user: User) -> list[AccountEvent]:
    """What administrators changed about the account, newest first."""
    return list(db.session.scalars(select(AccountEvent).where(AccountEvent.user_id == user.id)
                                   .order_by(AccountEvent.at.desc(), AccountEvent.id.desc())))


def _event(user: User, kind: str, admin: User, detail: str = "") -> None:
    db.session.add(AccountEvent(user_id=user.id, kind=kind, by_id=admin.id, detail=detail[:200]))
    record("create" if kind == "created" else "update", object=f"user.{kind}:{user.id}",
           detail=f"{user.username}{': ' + detail if detail else ''}")


def _check_role_fits(role: str, organisation: Organisation) -> None:
    if role in CASE_ROLES and organisation.kind in NON_TEAM_KINDS:
        raise RuleError(_l("A school or the steering group does not work on cases: choose another role, "
                           "for example professional."), "role")


def _check_password(password: str, username: str) -> None:
    if problem := weakness(password, username):
        raise RuleError(problem, "password")


def _other_administrators(user: User) -> int:
    """The region's other active administrators, counted with the region locked, so that two
    administrators cannot remove each other at the same moment."""
    region_id = user.organisation.region_id
    db.session.execute(select(Region.id).where(Region.id == region_id).with_for_update())
    return db.session.scalar(select(func.count(User.id)).join(User.organisation).where(
        Organisation.region_id == region_id, User.role == "admin", User.active.is_(True), User.id != user.id))


def _check_not_last_administrator(user: User, field: str) -> None:
    if user.role == "admin" and user.active and not _other_administrators(user):
        raise RuleError(_l("This is the region's last active administrator. Give someone else the role "
                           "of administrator first."), field)


def username_taken(username: str) -> bool:
    return db.session.execute(select(User.id).where(User.username == username)).first() is not None


def create_user(admin: User, *, username: str, full_name: str, email: str | None, organisation: Organisation,
                role: str, password: str) -> User:
    if username_taken(username):
        raise RuleError(TAKEN, "username")
    _check_role_fits(role, organisation)
    _check_password(password, username)
    user = User(username=username, full_name=full_name, email=email or None, organisation=organisation, role=role,
                password_hash=hash_password(password), must_change_password=True)
    db.session.add(user)
    flush()  # the same username sent a moment ago by someone else: a ConflictError
    _event(user, "created", admin, role)
    return user


def first_administrator(*, region_name: str, organisation_name: str, username: str, full_name: str,
                        email: str | None, password: str) -> User:
    """A new region, its Zorg- en Veiligheidshuis and the administrator who sets up the rest in the
    browser: how a production region starts (``flask mda create-region``). The password is the one
    the operator typed, so it needs no change at the first login; the policy holds all the same."""
    if db.session.execute(select(Region.id).where(Region.name == region_name)).first():
        raise RuleError(_l("A region of this name exists already."), "region")
    if db.session.execute(select(Organisation.id).where(Organisation.name == organisation_name)).first():
        raise RuleError(_l("An organisation of this name exists already."), "organisation")
    if username_taken(username):
        raise RuleError(TAKEN, "username")
    _check_password(password, username)
    region = Region(name=region_name)
    organisation = Organisation(region=region, name=organisation_name, kind="zvh", email=email or None)
    user = User(username=username, full_name=full_name, email=email or None, organisation=organisation,
                role="admin", password_hash=hash_password(password))
    db.session.add_all([region, organisation, user])
    flush()
    db.session.add(AccountEvent(user_id=user.id, kind="created", by_id=None, detail="admin"))
    record("create", object=f"user.created:{user.id}", username="flask mda create-region",
           detail=f"{username}: admin of {region_name}")
    return user


def update_user(admin: User, user: User, *, full_name: str, email: str | None, role: str) -> None:
    if role != user.role:
        if user.id == admin.id:
            raise RuleError(_l("You cannot change your own role; another administrator can."), "role")
        if role != "admin":
            _check_not_last_administrator(user, "role")
        _check_role_fits(role, user.organisation)
        _event(user, "role_changed", admin, f"{user.role}->{role}")
        user.role = role
    if (full_name, email or None) != (user.full_name, user.email):
        record("update", object=f"user:{user.id}", detail=f"{user.username}: name or e-mail")
        user.full_name, user.email = full_name, email or None
    db.session.flush()


def deactivate(admin: User, user: User) -> int:
    """The leaver can no longer log in and every session they have ends now; what they did stays,
    under their name. Returns how many sessions were ended."""
    if user.id == admin.id:
        raise RuleError(_l("You cannot deactivate your own account; another administrator can."))
    if not user.active:
        return 0
    _check_not_last_administrator(user, "confirm")
    user.active = False
    ended = sessions.end_all(user, "deactivated")
    _event(user, "deactivated", admin)
    record("update", object=f"user.sessions_ended:{user.id}", detail=f"{ended}")
    db.session.flush()
    return ended


def reactivate(admin: User, user: User) -> None:
    if user.active:
        return
    if not user.organisation.active:
        raise RuleError(_l("%(organisation)s is deactivated: reactivate the organisation first.",
                           organisation=user.organisation.name))
    user.active = True
    _event(user, "reactivated", admin)
    db.session.flush()


def reset_two_factor(admin: User, user: User) -> None:
    """The user sets up the two-step login again at their next login (a lost or new phone)."""
    if user.id == admin.id:
        raise RuleError(_l("Another administrator can reset your own two-step login."))
    user.totp_secret, user.totp_enabled, user.totp_last_step = None, False, None
    ended = sessions.end_all(user, "two_factor_reset")
    _event(user, "two_factor_reset", admin)
    record("update", object=f"user.sessions_ended:{user.id}", detail=f"{ended}")
    db.session.flush()


def set_temporary_password(admin: User, user: User, password: str) -> None:
    """A password to start again with: the user must choose their own at the next login; their
    sessions end now. The password itself is never logged."""
    if user.id == admin.id:
        raise RuleError(_l("Change your own password on the page for it, not here."), "password")
    _check_password(password, user.username)
    user.password_hash = hash_password(password)
    user.must_change_password = True
    ended = sessions.end_all(user, "password_reset")
    _event(user, "password_reset", admin)
    record("update", object=f"user.sessions_ended:{user.id}", detail=f"{ended}")
    db.session.flush()
