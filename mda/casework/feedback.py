"""Feedback to the reporter (*terugkoppeling*): after Veilig Thuis's safety assessment and at the end
of its investigation, the organisation that reported the family hears whether a follow-up route
started and who took the case over (``workflows.reporter_feedback`` words it; never what was found).

Each signal's reporter is told once per occasion: after the assessment, the reporters of the
signals it covered (those not told of an earlier assessment); after the investigation, those told
that Veilig Thuis would investigate. The feedback is a row on the dossier's timeline and an item in
the reporting organisation's inbox.
"""
from datetime import date

from sqlalchemy import select

from mda.audit.log import record
from mda.casework.models import ReporterFeedback
from mda.closing.queries import current_holder
from mda.core.persistence import flush
from mda.core.redirects import path_for
from mda.dossiers.models import Dossier, Signal
from mda.extensions import db
from mda.inbox.operations import CASE_ROLES, notify, staff_of
from mda.orgs.models import Organisation
from workflows import reporter_feedback

REPORTED_BY_PROFESSIONALS = ("professional", "police")


def feedback_url(feedback: ReporterFeedback) -> str:
    return path_for("feedback.feedback", feedback_id=feedback.id)


def taken_over_by(dossier: Dossier, route: str | None, sender) -> Organisation | None:
    """Who takes the case over on ``route``: the coordinator's organisation for MDA++ and a handover
    (the holder of *zicht op veiligheid* once named), Veilig Thuis itself for its conditions and its
    investigation, the region's Child Protection Board for a request to it; nobody when it ends."""
    if route == "mda_plus":
        return dossier.coordinator.organisation
    if route == "handover":
        holder = current_holder(dossier.id)
        return holder.organisation if holder else dossier.coordinator.organisation
    if route in ("conditions", "investigation"):
        return sender.organisation
    if route == "child_protection":
        boards = db.session.scalars(select(Organisation).where(
            Organisation.region_id == dossier.region_id, Organisation.kind == "rvdk",
            Organisation.active.is_(True))).all()
        return boards[0] if len(boards) == 1 else None
    return None


def _signals_to_answer(dossier: Dossier, occasion: str, until: date, sender) -> list[Signal]:
    told = {(row.signal_id, row.occasion): row for row in db.session.scalars(
        select(ReporterFeedback).where(ReporterFeedback.dossier_id == dossier.id))}
    answered = []
    for signal in dossier.signals:
        if (signal.reporter_organisation_id is None or signal.reporter_kind not in REPORTED_BY_PROFESSIONALS
                or signal.reporter_organisation_id == sender.organisation_id or (signal.id, occasion) in told):
            continue
        if occasion == "assessment" and signal.reported_on <= until:
            answered.append(signal)
        elif occasion == "investigation" and getattr(told.get((signal.id, "assessment")), "route", None) \
                == "investigation":
            answered.append(signal)
    return answered


def tell_reporters(sender, dossier: Dossier, occasion: str, route: str | None, on: date) -> list[ReporterFeedback]:
    """Tells the reporters of ``dossier`` what follows on ``occasion`` ('assessment' or
    'investigation', concluded ``on``); returns the feedback given now."""
    organisation = taken_over_by(dossier, route, sender)
    given = []
    for signal in _signals_to_answer(dossier, occasion, on, sender):
        text = reporter_feedback(occasion, route, signal.reported_on, organisation.name if organisation else None)
        feedback = ReporterFeedback(
            dossier_id=dossier.id, signal_id=signal.id, organisation_id=signal.reporter_organisation_id,
            occasion=occasion, route=route, taken_over_by_id=organisation.id if organisation else None,
            text_nl=text.nl, text_en=text.en, sent_by_id=sender.id if sender else None,
            sent_by_organisation_id=sender.organisation_id)
        db.session.add(feedback)
        flush()
        record("create", user=sender, dossier_id=dossier.id, object=f"feedback:{feedback.id}",
               detail=f"{occasion}/{route or '-'} to organisation {feedback.organisation_id}")
        notify("reporter_feedback", url=feedback_url(feedback), key=f"reporter_feedback:{feedback.id}",
               users=staff_of([feedback.organisation_id], roles=CASE_ROLES), today=on)
        given.append(feedback)
    return given


def dossier_feedback(dossier_id: int) -> list[ReporterFeedback]:
    return list(db.session.scalars(select(ReporterFeedback).where(ReporterFeedback.dossier_id == dossier_id)
                                   .order_by(ReporterFeedback.sent_at, ReporterFeedback.id)))


def received_by(organisation_id: int) -> list[ReporterFeedback]:
    """The feedback the organisation received, newest first."""
    return list(db.session.scalars(select(ReporterFeedback).where(ReporterFeedback.organisation_id == organisation_id)
                                   .order_by(ReporterFeedback.sent_at.desc(), ReporterFeedback.id.desc())))
