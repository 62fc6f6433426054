"""Small column helpers shared by the models."""
from datetime import datetime, timezone

from sqlalchemy import CheckConstraint


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


def one_of(column: str, values, name: str | None = None) -> CheckConstraint:
    """A check constraint that keeps ``column`` inside a fixed vocabulary."""
    quoted = ", ".join(f"'{value}'" for value in values)
    return CheckConstraint(f"{column} IN ({quoted})", name=name or f"{column}_valid")
