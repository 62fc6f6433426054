"""A dossier's last progress: its last phase change or completed task, the moment stall detection
counts from. The engine's effects (``mda.escalation.lifecycle``) keep it; ``refresh_progress``
recomputes it from the logs, as the migration did for the dossiers that existed before it."""
from collections.abc import Iterable
from datetime import datetime

from sqlalchemy import func, select, update

from mda.core import clock
from mda.dossiers.models import Dossier
from mda.engine.models import TransitionLog
from mda.extensions import db
from mda.tasks.models import Task


def mark_progress(dossier_id: int, moment: datetime | None = None) -> None:
    """The dossier moved now. Written by statement, not through the row: the dossier's version
    stays, so nobody's open form on it becomes stale because a partner completed a task."""
    db.session.execute(update(Dossier).where(Dossier.id == dossier_id)
                       .values(last_progress_at=moment or clock.utcnow())
                       .execution_options(synchronize_session="fetch"))


def refresh_progress(dossier_ids: Iterable[int] | None = None) -> None:
    """Recomputes the last progress of ``dossier_ids`` (every dossier when None) from the
    transition log and the completed tasks; one statement."""
    latest = func.greatest if db.engine.dialect.name == "postgresql" else func.max
    phase = (select(func.max(TransitionLog.at)).where(TransitionLog.dossier_id == Dossier.id,
                                                      TransitionLog.workflow == "case")
             .correlate(Dossier).scalar_subquery())
    task = (select(func.max(Task.closed_at)).where(Task.dossier_id == Dossier.id, Task.state == "done")
            .correlate(Dossier).scalar_subquery())
    stmt = update(Dossier).values(last_progress_at=latest(
        Dossier.created_at, func.coalesce(phase, Dossier.created_at), func.coalesce(task, Dossier.created_at)))
    if dossier_ids is not None:
        stmt = stmt.where(Dossier.id.in_(list(dossier_ids)))
    db.session.execute(stmt.execution_options(synchronize_session=False))
    db.session.expire_all()
