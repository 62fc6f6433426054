"""Binds the declarative workflows in ``workflows/`` to the database rows.

One ``transitions.Machine`` per workflow, built once; ``fire`` is the only way a case, task or team
membership changes state.
"""
