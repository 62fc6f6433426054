"""The migration turns a holder named on a dossier before into a handover: accepted where the case
had ended with it, proposed (to be accepted now) where the case is open; and back."""
from datetime import date

from flask_migrate import downgrade, upgrade
from sqlalchemy import text

from mda.extensions import db
from tests import factories as make
from tests.escalation.test_progress import loggers_kept, other_database  # noqa: F401  (fixtures)


def test_a_named_holder_becomes_a_handover_and_back(other_database, loggers_kept):  # noqa: F811
    from config import TestConfig
    from mda import create_app

    app = create_app(TestConfig(other_database))
    with app.app_context():
        upgrade()
        team = make.organisation(make.region(), "Wijkteam Oud")
        coordinator = make.user(team, "oud", "coordinator")
        closed, open_case = make.dossier(coordinator, "Gezin Dicht"), make.dossier(coordinator, "Gezin Open")
        ids = {"team": team.id, "closed": closed.id, "open": open_case.id}
        db.session.commit()  # (and no read after it: an open transaction would hold the tables' locks)
        downgrade(revision="0011v")
        db.session.execute(text("UPDATE dossier SET state = 'closed', safety_holder_id = :team, "
                                "safety_holder_since = '2026-01-05' WHERE id = :closed"), ids)
        db.session.execute(text("UPDATE dossier SET state = 'monitoring', safety_holder_id = :team "
                                "WHERE id = :open"), ids)
        db.session.commit()
        upgrade()
        rows = db.session.execute(text(
            "SELECT dossier_id, organisation_id, state, frequency, until, answered_on FROM handover "
            "ORDER BY dossier_id")).all()
        db.session.commit()
        downgrade(revision="0011v")
        back = dict(db.session.execute(text("SELECT id, safety_holder_id FROM dossier")).all())
        db.session.commit()
        upgrade()
        db.session.remove()
        db.engine.dispose()
    found = {row[0]: row[1:] for row in rows}
    closed_row, open_row = found[ids["closed"]], found[ids["open"]]
    assert closed_row[:3] == (ids["team"], "accepted", "quarterly")
    assert str(closed_row[3]) == "2027-01-05" and str(closed_row[4]) == "2026-01-05"
    assert open_row[:2] == (ids["team"], "proposed") and open_row[4] is None
    assert back == {ids["closed"]: ids["team"], ids["open"]: None}
    assert date.fromisoformat(str(closed_row[3])) > date(2026, 1, 5)
