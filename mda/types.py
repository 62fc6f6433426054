"""Small column helpers shared by the models."""
from sqlalchemy import CheckConstraint

from mda.core.clock import utcnow  # the models' timestamp default comes from the one clock

__all__ = ["one_of", "utcnow"]


def one_of(column: str, values, name: str | None = None) -> CheckConstraint:
    """A check constraint that keeps ``column`` inside a fixed vocabulary."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")
