"""Notification rows, one per ADMIN, written inside the transaction of the change.

Messages name the organization, the key (name and prefix), who did it and
when; they never contain a secret.
"""

from __future__ import annotations

import unicodedata
from datetime import UTC, datetime, timedelta

from auth.principal import Principal
from models import ApiKey, Member, MemberRole, Notification, NotificationKind, Organization

_SUBJECTS = {
    NotificationKind.KEY_CREATED: "API key created",
    NotificationKind.KEY_ROTATED: "API key rotated",
    NotificationKind.ROTATION_SCHEDULED: "API key rotation scheduled",
    NotificationKind.ROTATION_COMPLETED: "API key rotation completed",
    NotificationKind.KEY_DESTROYED: "API key destroyed",
    NotificationKind.KEY_EXPIRING_7D: "API key expires within 7 days",
    NotificationKind.KEY_EXPIRING_1D: "API key expires within 1 day",
    NotificationKind.KEY_EXPIRED: "API key expired",
    NotificationKind.KEY_DISABLED: "API key disabled",
    NotificationKind.KEY_ENABLED: "API key enabled",
    NotificationKind.KEY_LEAKED: "API key found in public",
    NotificationKind.CREDITS_LOW: "API key has under 10% of its credits left",
    NotificationKind.CREDITS_EXHAUSTED: "API key has no credits left",
    NotificationKind.KEY_ROTATION_DUE: "API key due for rotation within 7 days",
}


async def describe_actor(principal: Principal | None) -> str:
    if principal is None:
        return "the service (scheduled)"
    if principal.member_id is not None:
        member = await Member.get_or_none(id=principal.member_id)
        return f"member {member.email}" if member else "a removed member"
    key = await ApiKey.get_or_none(id=principal.api_key_id)
    return f"API key {_key_label(key)}" if key else "an API key"


def _key_label(key: ApiKey) -> str:
    return f'"{key.name}" ({key.prefix}...)' if key.name else f"{key.prefix}..."


def _one_line(text: str) -> str:
    """Every control character or line separator (Cc, Zl, Zp) made a space."""
    return "".join(" " if unicodedata.category(c) in ("Cc", "Zl", "Zp") else c for c in text)


def compose(
    kind: NotificationKind,
    organization: Organization,
    key: ApiKey,
    actor: str,
    when: datetime,
    detail: str,
) -> tuple[str, str]:
    # Names stored before they were checked may hold line breaks: one must neither fail
    # the Subject header on every attempt (the row ends FAILED) nor forge a body line.
    org_name, label = _one_line(organization.name), _one_line(_key_label(key))
    subject = f"[{org_name}] {_SUBJECTS[kind]}: {label}"
    lines = [
        f"Organization: {org_name}",
        f"API key: {label} (id {key.id})",
        f"What happened: {_SUBJECTS[kind]}",
        f"By: {_one_line(actor)}",
        f"When: {instant(when)}",
    ]
    if detail:
        lines.append(detail)
    lines.append("")
    lines.append("This message never contains a secret. Manage keys in the console or the API.")
    return subject, "\n".join(lines) + "\n"


async def notify_admins(
    kind: NotificationKind,
    key: ApiKey,
    principal: Principal | None,
    detail: str = "",
    *,
    actor: str | None = None,
) -> list[str]:
    """Write one outbox row per ADMIN of the key's organization; their ids. `actor` names
    who did it when no principal did (a leak report)."""
    organization = await Organization.get(id=key.organization_id)
    admins = await Member.filter(organization_id=key.organization_id, role=MemberRole.ADMIN)
    who = actor if actor is not None else await describe_actor(principal)
    subject, body = compose(kind, organization, key, who, datetime.now(UTC), detail)
    rows = [
        Notification(
            organization_id=key.organization_id,
            member_id=admin.id,
            api_key_id=key.id,
            recipient=admin.email,
            kind=kind,
            subject=subject,
            body=body,
        )
        for admin in admins
    ]
    await Notification.bulk_create(rows)
    return [str(row.id) for row in rows]


def instant(at: datetime) -> str:
    """A time as the notices say it: UTC, to the second."""
    return at.astimezone(UTC).isoformat(timespec="seconds")


def time_left(left: timedelta) -> str:
    """The time left until an instant, as the notices say it ("3 d 4 h 5 min")."""
    hours, minutes = divmod(int(left.total_seconds()) // 60, 60)
    days, hours = divmod(hours, 24)
    return f"{days} d {hours} h {minutes} min"
