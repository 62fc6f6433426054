"""Binds the declarative workflows in ``workflows/`` to the database rows.

One ``transitions.Machine`` per workflow, built once; ``mda.engine.core.fire(row, event, actor)`` is
the only way a row of any workflow (case, task, team membership, application, conference, minutes)
changes state, and ``mda.engine.protection`` refuses every other assignment to a state column.
The engine imports no concern: each registers its ``Lifecycle`` and side effects (``effect``) from
its own ``lifecycle`` module, loaded by ``mda.lifecycles``.
"""
