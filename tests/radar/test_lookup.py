"""The radar looks persons up by index, for the few persons asked about: it never loads the
region's persons into Python, however many there are."""
from datetime import date

from sqlalchemy import event, text

from mda.dossiers.models import Person
from mda.extensions import db
from mda.radar.queries import Sought, in_applications, in_dossiers
from tests import factories as make


def _plans(statements) -> str:
    """The database's plan of each statement, as one text."""
    postgres = db.engine.dialect.name == "postgresql"
    if postgres:  # a few pages are cheapest read whole: ask whether the index serves the lookup
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
    plans = []
    for statement, parameters in statements:
        connection = db.session.connection()
        rows = connection.exec_driver_sql(("EXPLAIN " if postgres else "EXPLAIN QUERY PLAN ") + statement,
                                          parameters).all()
        plans.append(" ".join(str(part) for row in rows for part in row))
    return "\n".join(plans)


def test_persons_are_found_by_name_key_and_birthday_or_bsn_through_their_indexes(app_ctx):
    region = make.region()
    coordinator = make.user(make.organisation(region, "Wijkteam"), "coord", "coordinator")
    dossier = make.dossier(coordinator, "Gezin Een", persons=())
    dossier.persons.append(Person(name="Sanne Bakker", role="victim", date_of_birth=date(1990, 5, 1)))
    dossier.persons.append(Person(name="Daan de Vries", role="child", date_of_birth=date(2015, 2, 3),
                                  bsn="111222333"))
    for n in range(200):
        make.dossier(coordinator, f"Gezin {n}", persons=(f"Persoon {n}", f"Kind {n}"))
    db.session.commit()
    if db.engine.dialect.name == "postgresql":  # the planner judges by the tables' statistics
        db.session.execute(text("ANALYZE person"))
        db.session.execute(text("ANALYZE dossier"))
    wanted = [Sought("sanne  BAKKER", "sanne bakker", date(1990, 5, 1), None),
              Sought("D. de Vries", "d de vries", None, "111222333")]
    seen = []

    def keep(conn, cursor, statement, parameters, context, executemany):
        seen.append((statement, parameters))

    event.listen(db.engine, "before_cursor_execute", keep)
    try:
        found = in_dossiers(coordinator, wanted, region.id)
        in_applications(wanted, region.id)
    finally:
        event.remove(db.engine, "before_cursor_execute", keep)
    assert sorted((m.person.name, m.by) for m in found) == [("Daan de Vries", "bsn"), ("Sanne Bakker", "name")]
    assert all(m.visible for m in found)
    plans = _plans([s for s in seen if "FROM person" in s[0] or "FROM application_person" in s[0]])
    indexes = ["ix_person_match", "ix_person_bsn"]
    if db.engine.dialect.name == "sqlite":  # PostgreSQL plans an empty table as it likes
        indexes += ["ix_application_person_match", "ix_application_person_bsn"]
    for index in indexes:
        assert index in plans, plans
