"""What each API key did: requests counted per minute and outcome (with their root
operation fields), and the key's last requests, written in batches by auth/activity.py."""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.models import Model


class ApiKeyUsage(Model):
    # One row per key, minute and outcome; `operations` counts them by root field.
    id = fields.BigIntField(primary_key=True)
    api_key_id = fields.UUIDField()
    organization_id = fields.UUIDField()
    minute = fields.DatetimeField()
    outcome = fields.CharField(max_length=20)
    count = fields.BigIntField(default=0)
    operations: Any = fields.JSONField(default=dict)

    class Meta:
        table = "api_key_usage"
        unique_together = (("api_key_id", "minute", "outcome"),)


class ApiKeyRequest(Model):
    # A key's recent requests: the last RECENT_KEPT of each key are kept.
    id = fields.BigIntField(primary_key=True)
    api_key_id = fields.UUIDField()
    organization_id = fields.UUIDField()
    at = fields.DatetimeField()
    client_address = fields.CharField(max_length=64, null=True)
    operation = fields.CharField(max_length=120)
    outcome = fields.CharField(max_length=20)

    class Meta:
        table = "api_key_request"
        indexes = (("api_key_id", "at"),)
