"""Authorisation in one place: who may see which dossier and do what with it (deny by default)."""
from mda.access.policy import Action, can, visible_dossiers, visible_tasks  # noqa: F401
