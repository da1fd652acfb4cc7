from __future__ import annotations

from enum import StrEnum

from tortoise import fields
from tortoise.models import Model


class RevealPolicy(StrEnum):
    REVEALABLE = "REVEALABLE"
    SHOW_ONCE = "SHOW_ONCE"


class Organization(Model):
    id = fields.UUIDField(primary_key=True)
    name = fields.CharField(max_length=255)
    reveal_policy = fields.CharEnumField(RevealPolicy, default=RevealPolicy.REVEALABLE)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = "organization"
