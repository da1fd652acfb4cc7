"""Tortoise models, one module per aggregate. Tortoise discovers them here."""

from models.api_key import ApiKey, ApiKeySecret, ApiKeyStatus
from models.audit import AuditEvent
from models.member import Member, MemberRole, Session
from models.notification import Notification, NotificationStatus
from models.organization import Organization, RevealPolicy

__all__ = [
    "ApiKey",
    "ApiKeySecret",
    "ApiKeyStatus",
    "AuditEvent",
    "Member",
    "MemberRole",
    "Notification",
    "NotificationStatus",
    "Organization",
    "RevealPolicy",
    "Session",
]
