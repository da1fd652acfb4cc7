from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class RevealPolicy(StrEnum):
    REVEALABLE = "REVEALABLE"
    SHOW_ONCE = "SHOW_ONCE"


# What a leak report (POST /leaks) does to a live key whose token was found in public.
class LeakResponse(StrEnum):
    REVOKE = "REVOKE"
    DISABLE = "DISABLE"


class Organization(Model):
    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=255)
    reveal_policy = fields.CharEnumField(RevealPolicy, default=RevealPolicy.REVEALABLE)
    created_at = fields.DatetimeField(auto_now_add=True)
    # db_default: the rows made before the column came get it too.
    leak_response = fields.CharEnumField(
        LeakResponse, default=LeakResponse.REVOKE, db_default=LeakResponse.REVOKE.value
    )
    # Rotation policy (migration 0011): a key is due for rotation this many days after its
    # last rotation (or its creation); None: no policy.
    max_key_age_days: int | None = fields.IntField(null=True)

    class Meta:
        table = "organization"
