"""The checks of an endpoint's input: its URL (jobs/webhook_addresses.py) and its events."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from jobs.webhook_addresses import UnsafeUrl, check_url
from models import WebhookEndpoint, WebhookEvent
from resolvers.errors import BadUserInput
from settings import Settings


def checked_url(url: str, settings: Settings) -> str:
    url = url.strip()
    try:
        check_url(url, allow_local=settings.webhook_allow_local)
    except UnsafeUrl as unsafe:
        raise BadUserInput("url", f"the endpoint's URL: {unsafe}") from None
    return url


def checked_events(events: Sequence[WebhookEvent]) -> list[str]:
    """The events, once each, in WebhookEvent's order; at least one."""
    if not events:
        raise BadUserInput("events", "name at least one event")
    chosen = set(events)
    return [event.value for event in WebhookEvent if event in chosen]


def public_view(endpoint: WebhookEndpoint) -> dict[str, Any]:
    """What an audit row holds of an endpoint: never its signing secret."""
    return {"id": str(endpoint.id), "url": endpoint.url, "events": endpoint.events}
