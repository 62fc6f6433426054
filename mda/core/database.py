"""Engine settings per database: SQLite gets foreign keys, WAL and a busy timeout; and the one
condition written differently per database (``among``)."""
from sqlalchemy import Select, any_, event, func

from mda.extensions import db


def _sqlite_pragmas(dbapi_connection, _record):
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA busy_timeout=5000")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.close()


def configure_engines(app) -> None:
    with app.app_context():
        engine = db.engine
        if engine.dialect.name == "sqlite":
            event.listen(engine, "connect", _sqlite_pragmas)


def among(column, ids: Select):
    """``column IN (ids)``, for ids of one region or one caseload (a coordinator's dossiers, a
    region's dossiers, the partner organisations). On PostgreSQL it is written
    ``column = ANY(ARRAY(ids))``: the planner then reads the ids once and probes the column's index
    with them, where for ``IN`` it may hash-join over the rows of every region (all declined tasks
    of the country for one coordinator's list; the transitions of every region for one region's
    monitor). SQLite plans ``IN`` that way already."""
    if db.session.get_bind().dialect.name == "postgresql":
        return column == any_(func.array(ids.scalar_subquery()))
    return column.in_(ids)
