"""Tortoise models, one module per aggregate. Tortoise discovers them here."""

from models.api_key import ApiKey, ApiKeySecret, ApiKeyStatus
from models.audit import Actor, AuditAction, AuditEvent
from models.billable_metric import Aggregation, BillableMetric
from models.customer import Customer
from models.event import Event
from models.invitation import Invitation, InvitationStatus, PasswordReset
from models.invoice import Invoice, InvoiceStatus
from models.member import Member, MemberRole, Session
from models.notification import Notification, NotificationKind, NotificationStatus
from models.organization import Organization, RevealPolicy
from models.plan import Plan, PlanInterval
from models.subscription import Subscription, SubscriptionStatus
from models.usage import ApiKeyRequest, ApiKeyUsage, ApiKeyUsageHour
from models.user import User

# Webhooks on key events
from models.webhook import (
    WebhookDelivery,
    WebhookDeliveryStatus,
    WebhookEndpoint,
    WebhookEvent,
)

__all__ = [
    "Actor",
    "Aggregation",
    "ApiKey",
    "ApiKeyRequest",
    "ApiKeySecret",
    "ApiKeyStatus",
    "ApiKeyUsage",
    "ApiKeyUsageHour",
    "AuditAction",
    "AuditEvent",
    "BillableMetric",
    "Customer",
    "Event",
    "Invitation",
    "InvitationStatus",
    "Invoice",
    "InvoiceStatus",
    "Member",
    "MemberRole",
    "Notification",
    "NotificationKind",
    "NotificationStatus",
    "Organization",
    "PasswordReset",
    "Plan",
    "PlanInterval",
    "RevealPolicy",
    "Session",
    "Subscription",
    "SubscriptionStatus",
    "User",
    # Webhooks on key events
    "WebhookDelivery",
    "WebhookDeliveryStatus",
    "WebhookEndpoint",
    "WebhookEvent",
]
