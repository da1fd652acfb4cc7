"""Tortoise models, one module per aggregate. Tortoise discovers them here."""

from models.api_key import ApiKey, ApiKeySecret, ApiKeyStatus
from models.audit import AuditEvent
from models.member import Member, MemberRole, Session
from models.organization import Organization, RevealPolicy

__all__ = [
    "ApiKey",
    "ApiKeySecret",
    "ApiKeyStatus",
    "AuditEvent",
    "Member",
    "MemberRole",
    "Organization",
    "RevealPolicy",
    "Session",
]
