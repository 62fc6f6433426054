"""This package's part of the dossier page: safety-score reviews with their trend, risk
assessments and temporary restraining orders (the running one also on the dossier's front). A
fixed number of queries, however many reviews and scores there are."""
from mda.access import Action, can
from mda.core import clock
from mda.core.rules import is_open
from mda.reviews.forms import OpenReviewForm
from mda.reviews import orders
from mda.reviews.labels import ORDER_STATUS, RISK_INSTRUMENT, RISK_LEVEL
from mda.reviews.queries import (divergence, dossier_reviews, pending_review_task, risk_assessments,
                                 scoring_organisations, trend)
from workflows import ACTIVE_PHASES


def dossier_section(dossier, user, lang: str) -> dict | None:
    """Context for the package's ``_section.html`` on the dossier page; None shows nothing."""
    reviews = dossier_reviews(dossier.id)
    open_review = next((r for r in reviews if r.status == "open"), None)
    closed = [r for r in reviews if r.status == "closed" and r.team_score is not None]
    latest = closed[-1] if closed else None
    manages = can(user, Action.REVIEW_MANAGE, dossier)
    held_today = any(r.held_on == clock.today() and not r.superseded for r in reviews)
    order_views = orders.orders_of(dossier.id)
    return {
        "open_review": open_review,
        "open_divergence": divergence(open_review) if open_review else None,
        "scorer_count": len(scoring_organisations(dossier)),
        "latest": latest,
        "latest_divergence": divergence(latest) if latest else None,
        "trend": trend(reviews),
        "next_review": pending_review_task(dossier.id) if dossier.state in ACTIVE_PHASES else None,
        "may_open": manages and open_review is None and dossier.state in ACTIVE_PHASES and not held_today,
        "held_today": manages and open_review is None and held_today,
        "needed": dossier.region.review_partner_minimum,
        "open_form": OpenReviewForm(formdata=None) if manages else None,
        "risk_assessments": risk_assessments(dossier.id),
        "instruments": RISK_INSTRUMENT,
        "levels": RISK_LEVEL,
        "may_record_risk": is_open(dossier) and can(user, Action.RISK_RECORD, dossier),
        "orders": order_views,
        "front_order": orders.front_order(order_views),
        "order_status": ORDER_STATUS,
        "may_record_order": is_open(dossier) and orders.may_record(user, dossier),
    }
