"""Read models for reviews and risk assessments, each a fixed number of queries."""
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from mda.auth.models import User
from mda.extensions import db
from mda.orgs.models import Organisation
from mda.reviews.models import PartnerScore, RiskAssessment, SafetyReview
from mda.tasks.models import OPEN_STATES, Task
from workflows.vocabulary import NON_PLAN_ORG_KINDS

DIVERGENCE = 4  # scores this far apart need the team's attention


@dataclass(frozen=True)
class Divergence:
    low: int
    low_names: tuple[str, ...]
    high: int
    high_names: tuple[str, ...]


@dataclass(frozen=True)
class TrendRow:
    review: SafetyReview
    scores: dict[int, int]  # organisation id -> score


@dataclass(frozen=True)
class Trend:
    rows: tuple[TrendRow, ...]
    organisations: tuple[Organisation, ...]


def scoring_organisations(dossier) -> list[Organisation]:
    """Who scores at a review: every active partner that shares the plans, and the coordinator's
    own organisation."""
    found = {m.organisation_id: m.organisation for m in dossier.memberships
             if m.status == "active" and m.organisation.kind not in NON_PLAN_ORG_KINDS}
    found.setdefault(dossier.coordinator.organisation_id, dossier.coordinator.organisation)
    return sorted(found.values(), key=lambda org: org.name)


def dossier_reviews(dossier_id: int) -> list[SafetyReview]:
    """Every review of the dossier, oldest first, with its partners' scores (two queries)."""
    stmt = (select(SafetyReview).where(SafetyReview.dossier_id == dossier_id)
            .options(selectinload(SafetyReview.partner_scores).joinedload(PartnerScore.organisation))
            .order_by(SafetyReview.held_on, SafetyReview.id))
    return list(db.session.scalars(stmt))


def load_review(dossier_id: int, review_id: int) -> SafetyReview | None:
    stmt = (select(SafetyReview).where(SafetyReview.id == review_id, SafetyReview.dossier_id == dossier_id)
            .options(selectinload(SafetyReview.partner_scores).options(
                joinedload(PartnerScore.organisation))))
    return db.session.scalar(stmt)


def open_review_of(dossier_id: int) -> SafetyReview | None:
    return db.session.scalar(select(SafetyReview).where(
        SafetyReview.dossier_id == dossier_id, SafetyReview.status == "open")
        .order_by(SafetyReview.id.desc()).limit(1))


def review_held_on(dossier_id: int, day) -> SafetyReview | None:
    """The family's review held (or opened) on ``day``: there is at most one a day."""
    return db.session.scalar(select(SafetyReview).where(
        SafetyReview.dossier_id == dossier_id, SafetyReview.held_on == day, SafetyReview.superseded.is_(False))
        .limit(1))


def pending_review_task(dossier_id: int) -> Task | None:
    """The next safety-score review the engine planned, if any."""
    return db.session.scalar(select(Task).where(
        Task.dossier_id == dossier_id, Task.kind == "safety_review", Task.state.in_(OPEN_STATES))
        .order_by(Task.due_on, Task.id).limit(1))


def review_rows(dossier, review: SafetyReview) -> list[tuple[Organisation, PartnerScore | None]]:
    """Every organisation that scores, with its score if given; a partner that has left the team
    since it scored keeps its row."""
    scorers = scoring_organisations(dossier)
    by_org = {s.organisation_id: s for s in review.partner_scores}
    rows = [(org, by_org.get(org.id)) for org in scorers]
    return rows + [(s.organisation, s) for s in review.partner_scores
                   if s.organisation_id not in {org.id for org in scorers}]


def score_authors(review: SafetyReview) -> dict[int, str]:
    """The names of the users who gave the scores (one query)."""
    ids = {s.user_id for s in review.partner_scores}
    if not ids:
        return {}
    return {user_id: name for user_id, name in db.session.execute(
        select(User.id, User.full_name).where(User.id.in_(ids)))}


def divergence(review: SafetyReview) -> Divergence | None:
    """The lowest and highest partner scores when they lie ``DIVERGENCE`` or more apart."""
    scores = review.partner_scores
    if not scores:
        return None
    low, high = min(s.score for s in scores), max(s.score for s in scores)
    if high - low < DIVERGENCE:
        return None

    def names(value: int) -> tuple[str, ...]:
        return tuple(sorted(s.organisation.name for s in scores if s.score == value))
    return Divergence(low, names(low), high, names(high))


def trend(reviews: list[SafetyReview]) -> Trend:
    """The closed reviews oldest first, and every organisation that scored in one of them."""
    closed = [r for r in reviews if r.status == "closed" and r.team_score is not None]
    organisations = {s.organisation_id: s.organisation for r in closed for s in r.partner_scores}
    return Trend(tuple(TrendRow(r, {s.organisation_id: s.score for s in r.partner_scores}) for r in closed),
                 tuple(sorted(organisations.values(), key=lambda org: org.name)))


def risk_assessments(dossier_id: int) -> list[tuple[RiskAssessment, str]]:
    """Every risk assessment, newest first, with the name of who recorded it (one query)."""
    stmt = (select(RiskAssessment, User.full_name).join(User, User.id == RiskAssessment.author_id)
            .options(joinedload(RiskAssessment.organisation))
            .where(RiskAssessment.dossier_id == dossier_id)
            .order_by(RiskAssessment.assessed_on.desc(), RiskAssessment.id.desc()))
    return [tuple(row) for row in db.session.execute(stmt)]


def load_risk_assessment(dossier_id: int, assessment_id: int) -> tuple[RiskAssessment, str] | None:
    """One risk assessment of the dossier with its answers, and the name of who recorded it."""
    stmt = (select(RiskAssessment, User.full_name).join(User, User.id == RiskAssessment.author_id)
            .options(joinedload(RiskAssessment.organisation), selectinload(RiskAssessment.answers))
            .where(RiskAssessment.dossier_id == dossier_id, RiskAssessment.id == assessment_id))
    row = db.session.execute(stmt).first()
    return tuple(row) if row is not None else None
