"""python -m bench.pdf: what a safety-plan PDF costs to render with WeasyPrint.

Builds the demo region in a throwaway SQLite file, adds a version with eight agreements, confirmed
by the partners, to the safety plan of the largest demo family that has one, and times the PDF for
the partners: once cold (the first in this process: importing WeasyPrint, loading fonts, parsing
the print stylesheet) and warm (median of 20 renders), against a target of 0.3 s for the warm one.
Figures only, no assertions.
"""
import logging
import statistics
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

TARGET_S = 0.3
WARM_RUNS = 20


def run() -> None:
    print(f"\n(e) Safety plan PDF (WeasyPrint), cold and warm (median of {WARM_RUNS}); target {TARGET_S} s warm")
    from config import TestConfig
    from mda import create_app

    with tempfile.TemporaryDirectory(prefix="mda-bench-") as directory:
        app = create_app(TestConfig(f"sqlite:///{Path(directory) / 'bench.sqlite3'}"))
        _build(app)
        with app.test_request_context():
            _time_pdf()
        with app.app_context():
            from mda.extensions import db
            db.session.remove()
            db.engine.dispose()


def _build(app) -> None:
    from flask_migrate import upgrade

    from mda.demo.region import build
    from mda.extensions import db

    logging.disable(logging.INFO)  # alembic's migration chatter
    with app.app_context():
        upgrade()
        build(password="bench")
        db.session.commit()
    logging.disable(logging.NOTSET)


def _plan_with_agreements():
    from sqlalchemy import func, select

    from mda.dossiers.models import Dossier, Person
    from mda.dossiers.queries import load_full_dossier
    from mda.extensions import db
    from mda.safetyplan.models import SafetyPlan
    from mda.auth.models import User
    from mda.safetyplan.operations import confirm, save_version
    from mda.safetyplan.queries import load_version, plan_organisations
    from mda.safetyplan.versions import TEXT_PARTS

    persons = select(func.count(Person.id)).where(Person.dossier_id == Dossier.id).scalar_subquery()
    dossier_id = db.session.scalar(
        select(Dossier.id).where(Dossier.id.in_(select(SafetyPlan.dossier_id)),
                                 Dossier.state.not_in(("closed", "handed_over")))
        .order_by(persons.desc(), Dossier.id).limit(1))
    coordinator = db.session.get(Dossier, dossier_id).coordinator
    dossier = load_full_dossier(coordinator, dossier_id)
    current = load_version(dossier_id)
    organisations = plan_organisations(dossier)
    agreements = [{"description": f"Afspraak {n}: wie wat doet om de kinderen veilig te houden, en hoe dat "
                                  "wordt gecontroleerd.",
                   "organisation_id": organisations[n % len(organisations)].id if n % 3 else None,
                   "person_id": None if n % 3 else dossier.persons[n % len(dossier.persons)].id,
                   "due_on": date.today() + timedelta(days=7 * n)} for n in range(1, 9)]
    plan = save_version(coordinator, dossier, based_on=current.version,
                        parts={name: getattr(current, name) for name in TEXT_PARTS},
                        internal_notes="Interne afstemming: zie het verslag van het casusoverleg.",
                        change_summary="Afspraken toegevoegd", agreements=agreements)
    for organisation in organisations:
        user = db.session.scalar(select(User).where(User.organisation_id == organisation.id,
                                                    User.role.in_(("coordinator", "professional"))).limit(1))
        if user is not None:
            confirm(user, dossier, version=plan.version)
    db.session.commit()
    return dossier, load_version(dossier_id)


def _time_pdf() -> None:
    from mda.safetyplan import pdf

    dossier, plan = _plan_with_agreements()
    start = time.perf_counter()
    pdf._weasyprint()
    imported = time.perf_counter() - start
    document = pdf.safety_plan_pdf(dossier, plan)
    cold = time.perf_counter() - start
    warm = []
    for _ in range(WARM_RUNS):
        start = time.perf_counter()
        pdf.safety_plan_pdf(dossier, plan)
        warm.append(time.perf_counter() - start)
    median = statistics.median(warm)
    print(f"  {dossier.reference}, version {plan.version}: {len(plan.agreements)} agreements, "
          f"{len(plan.confirmations)} confirmations, {len(document) / 1024:.0f} KiB")
    _line("cold (first PDF in this process)", cold, f"of which importing WeasyPrint {imported:.2f} s")
    _line("warm", median, f"target {TARGET_S} s, ratio {median / TARGET_S:.3f}")


def _line(what: str, seconds: float, note: str = "") -> None:
    print(f"  {what:<46} {seconds:9.3f} s  {note}".rstrip())


if __name__ == "__main__":
    run()
