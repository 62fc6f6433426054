"""Small column helpers shared by the models."""
from sqlalchemy import CheckConstraint

from mda.core.clock import utcnow  # the models' timestamp default comes from the one clock

__all__ = ["one_of", "sql_list", "utcnow"]


def sql_list(values) -> str:
    """Codes as the list of an SQL ``IN (...)``: ``'open', 'accepted'``."""
    return ", ".join(f"'{value}'" for value in values)


def one_of(column: str, values, name: str | None = None) -> CheckConstraint:
    """A check constraint that keeps ``column`` inside a fixed vocabulary."""
    return CheckConstraint(f"{column} IN ({sql_list(values)})", name=name or f"{column}_valid")
