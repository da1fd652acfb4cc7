"""Delivering one outbox row: sent once, failures counted, the last one marked FAILED."""

from __future__ import annotations

import logging
import re
from datetime import UTC, datetime

from tortoise.expressions import F

from jobs import mail
from models import Notification, NotificationStatus
from settings import Settings

log = logging.getLogger("apikeys.delivery")


async def deliver(notification_id: str, settings: Settings, *, last_attempt: bool) -> bool:
    """Send the row unless it was sent; True when it is sent. Raises on a failed attempt."""
    row = await Notification.get_or_none(id=notification_id)
    if row is None or row.status == NotificationStatus.SENT:
        return True
    try:
        await mail.send(settings, row)
    except Exception as error:
        status = NotificationStatus.FAILED if last_attempt else NotificationStatus.PENDING
        await (
            Notification.filter(id=row.id)
            .exclude(status=NotificationStatus.SENT)
            .update(
                attempts=F("attempts") + 1,
                last_error=f"{type(error).__name__}: {error}"[:1000],
                status=status,
            )
        )
        log.warning("notification %s not sent (%s)", row.id, type(error).__name__)
        raise
    await (
        Notification.filter(id=row.id)
        .exclude(status=NotificationStatus.SENT)
        .update(
            attempts=F("attempts") + 1,
            status=NotificationStatus.SENT,
            sent_at=datetime.now(UTC),
            body=_without_tokens(row.body),
        )
    )
    return True


# People (issue 18): invitation and reset mails carry a token in clear, which only the mail
# needs. Once it is sent, the outbox row keeps the message without it.
_TOKEN_IN_CLEAR = re.compile(r"\b[a-z][a-z0-9]{0,15}_(?:invite|reset)_[0-9A-Za-z]{49}\b")


def _without_tokens(body: str) -> str:
    return _TOKEN_IN_CLEAR.sub("[token sent by e-mail]", body)
