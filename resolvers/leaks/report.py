"""Leak reports (POST /leaks): tokens a secret scanner found in public.

Anyone may report, without a key, so nothing here tells the reporter whether a token
matched: the door answers every well-formed report the same way. A token whose checksum
is right and whose digest is a live secret ends its key at once (REVOKED, or DISABLED
when the organization chose so), whatever else the key is (even the organization's last
usable one: it is public now); the key's admins are e-mailed where it was found, and a
`leaked` audit row is written. Anything else is accepted and ignored.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from auth.tokens import digest_token, parse_token
from jobs.outbox import instant, notify_admins
from models import (
    Actor,
    ApiKey,
    ApiKeySecret,
    ApiKeyStatus,
    AuditAction,
    AuditEvent,
    NotificationKind,
    Organization,
)
from models.organization import LeakResponse
from resolvers.audit.record import key_webhooks
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work

MAX_TEXT = 500  # characters of a reported url or source that are kept


@dataclass(frozen=True, slots=True)
class LeakReport:
    token: str = field(repr=False)
    url: str | None = None
    source: str | None = None


async def report_leaks(
    reports: Sequence[LeakReport], reporter: str | None, services: Services
) -> None:
    """End the key of every reported token that is a live secret; ignore the rest."""
    settings = services.settings
    found: dict[str, LeakReport] = {}
    for report in reports:
        parsed = parse_token(report.token, settings.token_prefix)
        if parsed is not None and parsed.kind != "session":
            found.setdefault(digest_token(settings.pepper, parsed.value), report)
    for digest, report in found.items():
        await _end_key(digest, report, reporter, services)


async def _end_key(
    digest: str, report: LeakReport, reporter: str | None, services: Services
) -> None:
    async with unit_of_work(services) as work:
        secret = await ApiKeySecret.get_or_none(digest=digest)
        if secret is None:
            return
        key = await ApiKey.select_for_update().get(id=secret.api_key_id)
        now = datetime.now(UTC)
        if not secret.valid_at(now) or key.status_at(now) in _ENDED:
            return
        organization = await Organization.get(id=key.organization_id)
        outcome = await _apply(organization.leak_response, key, now)
        url, source = _kept(report.url, report.token), _kept(report.source, report.token)
        await AuditEvent.record(
            str(key.organization_id),
            AuditAction.LEAKED,
            Actor(client_address=reporter),
            api_key_id=str(key.id),
            after={"url": url, "source": source, "response": outcome},
        )
        await key_webhooks(AuditAction.LEAKED, key)
        work.evict_api_key(str(key.id))
        detail = (
            f"Found in public at: {url or 'no address given'}\n"
            f"Reported by: {source or 'an unnamed scanner'}\n"
            f"The key was {outcome} at {instant(now)}: " + _NEXT_STEP[outcome]
        )
        actor = f"a leak report ({source or 'an unnamed scanner'})"
        work.notify(
            await notify_admins(NotificationKind.KEY_LEAKED, key, None, detail, actor=actor)
        )


_ENDED = (ApiKeyStatus.REVOKED, ApiKeyStatus.EXPIRED)
_NEXT_STEP = {
    "revoked": "make a new key for whoever used it.",
    "disabled": "rotate it (NOW), then enable it again, or destroy it.",
}


async def _apply(response: LeakResponse, key: ApiKey, now: datetime) -> str:
    """Revoke (the secrets erased, as destroying does) or disable; what was done."""
    if response is LeakResponse.DISABLE:
        await key.disable(now)
        return "disabled"
    await key.revoke(now)
    return "revoked"


def _kept(text: str | None, token: str) -> str | None:
    """What is kept of a reported text: one line of printable characters, never the token."""
    if not text:
        return None
    printable = "".join(c if c.isprintable() else " " for c in text.replace(token, "[token]"))
    return printable.strip()[:MAX_TEXT] or None
