"""Validation of what an organization is called; bootstrap and rename share it."""

from __future__ import annotations

from models.key_age import MAX_KEY_AGE_DAYS
from resolvers import text
from resolvers.errors import BadUserInput

MAX_NAME = 255


def check_organization_name(name: str | None, field: str = "name") -> str:
    """The name without surrounding spaces: 1 to 255 characters on one line.

    It heads the subject of every notification, so a line break is refused.
    """
    name = (name or "").strip()
    if not name or len(name) > MAX_NAME:
        raise BadUserInput(field, f"1 to {MAX_NAME} characters")
    return text.check_line(field, name)


def check_max_key_age_days(days: int | None) -> None:
    """The rotation policy: 1 to 3650 days, or null for none."""
    if days is not None and not 1 <= days <= MAX_KEY_AGE_DAYS:
        raise BadUserInput("maxKeyAgeDays", f"1 to {MAX_KEY_AGE_DAYS} days, or null for none")
