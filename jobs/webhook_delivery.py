"""Delivering one webhook: signed per the Standard Webhooks specification, sent to the
address checked at this moment (jobs/webhook_addresses.py), retried with exponential backoff
over more than 24 hours, then FAILED.

Retries are rows, not jobs: a failed attempt sets the row's `next_attempt_at`, and the
periodic tick hands the rows that are due to the dispatcher (`due_deliveries`). An attempt
first claims its row (a conditional update), so two workers never send it twice at once.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import logging
from datetime import UTC, datetime, timedelta
from urllib.parse import urlsplit

import httpx
from tortoise.expressions import Q

from auth.sealing import Sealer, SealError
from jobs import webhook_addresses
from jobs.webhook_outbox import SECRET_PREFIX, open_secret
from models import WebhookDelivery, WebhookDeliveryStatus, WebhookEndpoint
from settings import Settings

# The wait after each failed attempt: 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h (27.6 h in
# all, the specification's example schedule); the attempt after the last wait is the last.
BACKOFF = (
    timedelta(seconds=5),
    timedelta(minutes=5),
    timedelta(minutes=30),
    timedelta(hours=2),
    timedelta(hours=5),
    timedelta(hours=10),
    timedelta(hours=10),
)
MAX_ATTEMPTS = len(BACKOFF) + 1
LEASE = timedelta(minutes=2)  # a claimed attempt's hold on its row
TIMEOUT = httpx.Timeout(10.0, connect=5.0)
log = logging.getLogger("apikeys.webhooks")


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    """`v1,<base64 HMAC-SHA256 of "id.timestamp.body">` under the secret's decoded bytes."""
    key = base64.b64decode(secret.removeprefix(SECRET_PREFIX))
    signed = f"{message_id}.{timestamp}.{body}".encode()
    return "v1," + base64.b64encode(hmac.new(key, signed, hashlib.sha256).digest()).decode()


async def due_deliveries(now: datetime | None = None) -> list[str]:
    """PENDING rows whose attempt is due: the first (Redis was away), or a retry."""
    now = now or datetime.now(UTC)
    due = WebhookDelivery.filter(status=WebhookDeliveryStatus.PENDING, next_attempt_at__lte=now)
    return [str(i) for i in await due.order_by("next_attempt_at").values_list("id", flat=True)]


async def deliver(delivery_id: str, settings: Settings, now: datetime | None = None) -> bool:
    """Make the row's next attempt if it is due; True when the endpoint took it. Never
    raises for the endpoint's failures: they are recorded on the row."""
    now = now or datetime.now(UTC)
    row = await WebhookDelivery.get_or_none(id=delivery_id)
    if row is None or row.status != WebhookDeliveryStatus.PENDING:
        return row is not None and row.status == WebhookDeliveryStatus.SENT
    claimed = await WebhookDelivery.filter(
        Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now),
        id=row.id,
        status=WebhookDeliveryStatus.PENDING,
        attempts=row.attempts,
    ).update(next_attempt_at=now + LEASE)
    if not claimed:
        return False
    endpoint = await WebhookEndpoint.get_or_none(id=row.endpoint_id)
    if endpoint is None:
        return False
    code, error = await _send(endpoint, row, Sealer(settings.sealing_keys), settings)
    await _record(row, code, error, now)
    return error is None


async def _send(
    endpoint: WebhookEndpoint, row: WebhookDelivery, sealer: Sealer, settings: Settings
) -> tuple[int | None, str | None]:
    """(the response's status, what went wrong or None)."""
    allow_local = settings.webhook_allow_local
    try:
        webhook_addresses.check_url(endpoint.url, allow_local=allow_local)
        parts = urlsplit(endpoint.url)
        assert parts.hostname is not None
        port = parts.port or (443 if parts.scheme == "https" else 80)
        address = await webhook_addresses.resolve(parts.hostname, port, allow_local=allow_local)
    except webhook_addresses.UnsafeUrl as unsafe:
        return None, f"refused: {unsafe}"
    try:
        secret = open_secret(sealer, endpoint.sealed_secret, str(endpoint.id))
    except SealError:  # counted as an attempt: the row ends FAILED rather than loop
        return None, "the signing secret cannot be opened with APIKEYS_SEALING_KEYS"
    timestamp = int(datetime.now(UTC).timestamp())
    headers = {
        "content-type": "application/json",
        "user-agent": "apikeys-webhooks/1",
        "host": parts.netloc,
        "webhook-id": row.message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": sign(secret, row.message_id, timestamp, row.payload),
    }
    # Connect to the address just checked; TLS still verifies the endpoint's own name.
    url = httpx.URL(endpoint.url).copy_with(host=str(address))
    extensions = {"sni_hostname": parts.hostname} if parts.scheme == "https" else {}
    try:
        async with httpx.AsyncClient(timeout=TIMEOUT, follow_redirects=False) as client:
            response = await client.post(
                url, content=row.payload.encode(), headers=headers, extensions=extensions
            )
    except httpx.HTTPError as failure:
        return None, type(failure).__name__
    if 200 <= response.status_code < 300:
        return response.status_code, None
    return response.status_code, f"HTTP {response.status_code}"


async def _record(row: WebhookDelivery, code: int | None, error: str | None, now: datetime) -> None:
    attempts = row.attempts + 1
    ours = WebhookDelivery.filter(id=row.id, attempts=row.attempts)
    if error is None:
        await ours.update(
            attempts=attempts,
            status=WebhookDeliveryStatus.SENT,
            response_code=code,
            last_error=None,
            next_attempt_at=None,
            delivered_at=datetime.now(UTC),
        )
        return
    last = attempts >= MAX_ATTEMPTS
    await ours.update(
        attempts=attempts,
        status=WebhookDeliveryStatus.FAILED if last else WebhookDeliveryStatus.PENDING,
        response_code=code,
        last_error=error[:1000],
        next_attempt_at=None if last else now + BACKOFF[attempts - 1],
    )
    log.warning("webhook delivery %s failed (attempt %d): %s", row.id, attempts, error[:200])
