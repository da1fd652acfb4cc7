"""A real HTTP receiver for webhooks, on a free port of 127.0.0.1, that verifies every
request's signature with the Standard Webhooks reference library (`standardwebhooks`)."""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from resolvers.services import Services


@dataclass
class Received:
    headers: dict[str, str]
    body: bytes

    def verified(self, secret: str) -> dict[str, Any]:
        """The payload, once the reference library has checked its signature (raises
        WebhookVerificationError otherwise)."""
        payload: dict[str, Any] = Webhook(secret).verify(self.body, self.headers)
        return payload

    @property
    def event(self) -> str:
        return str(json.loads(self.body)["type"])


@dataclass
class Receiver:
    port: int = 0
    answers: list[int] = field(default_factory=list)  # statuses to answer first, then 204
    received: list[Received] = field(default_factory=list)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/hooks"

    def events(self) -> list[str]:
        return [r.event for r in self.received]


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("content-length", "0")))
            headers = {k.lower(): v for k, v in self.headers.items()}
            receiver.received.append(Received(headers, body))
            status = receiver.answers.pop(0) if receiver.answers else 204
            self.send_response(status)
            self.send_header("content-length", "0")
            self.end_headers()

        def log_message(self, format: str, *args: Any) -> None:
            return None

    return Handler


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    made = Receiver()
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(made))
    made.port = server.server_address[1]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield made
    finally:
        server.shutdown()
        server.server_close()


@pytest.fixture
def local_webhooks(services: Services, monkeypatch: pytest.MonkeyPatch) -> Services:
    """Endpoints on 127.0.0.1 allowed, as WEBHOOK_ALLOW_LOCAL=1 does (for the app, and for
    jobs that load their settings from the environment)."""
    services.settings = dataclasses.replace(services.settings, webhook_allow_local=True)
    monkeypatch.setenv("WEBHOOK_ALLOW_LOCAL", "1")
    return services


CREATE_ENDPOINT = (
    "mutation($url: String!, $events: [WebhookEvent!]!) { createWebhookEndpoint(url: $url, "
    "events: $events) { endpoint { id url events createdAt } secret } }"
)
DELIVERIES = (
    "query($id: ID!) { webhookDeliveries(endpointId: $id) { totalCount edges { node { id "
    "event status attempts responseCode lastError messageId nextAttemptAt deliveredAt "
    "apiKeyId payload } } } }"
)
ALL_EVENTS = [
    "CREATED",
    "UPDATED",
    "PERMISSIONS_UPDATED",
    "ROTATED",
    "ROTATION_SCHEDULED",
    "ROTATION_COMPLETED",
    "DISABLED",
    "ENABLED",
    "DESTROYED",
    "EXPIRED",
    "LEAKED",
]


async def admin_session(services: Services, org_admin_id: str) -> str:
    """A session of the organization's first ADMIN (in sudo mode, as after login)."""
    from models import Member
    from tests.factories import make_session

    return await make_session(services, await Member.get(id=org_admin_id))
