"""POST /leaks: where secret scanners report tokens they found in public (README, "Leak
reports"). No key: a scanner has none. The answer is the same for every well-formed
report, matched or not, so the door cannot be used to test tokens; and a token that did
match has stopped working by the time the answer leaves. Limited per client address."""

from __future__ import annotations

import logging
from typing import Any

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route

from auth.throttle import Limited, Subject
from models.database import expire_connections, is_unavailable
from resolvers.leaks.report import LeakReport, report_leaks
from resolvers.services import Services
from rest import errors
from rest.door import json_body, json_response, refused
from rest.errors import Refusal
from web.requests import client_of

log = logging.getLogger("apikeys.leaks")
PATH = "/leaks"
REPORTS_PER_WINDOW = 30  # requests per client address per throttle window (a minute)
MAX_ITEMS = 1000
ACCEPTED = {"status": 202, "message": "accepted"}


class LeakDoor:
    def __init__(self, services: Services) -> None:
        self.services = services

    def routes(self) -> list[Route]:
        return [Route(PATH, self.handle, methods=["POST"])]

    async def handle(self, request: Request) -> Response:
        try:
            client = client_of(request, self.services.settings.trusted_proxies)
            await self._limit(str(client) if client else None)
            reports = _reports(await json_body(request))
            await _report(reports, str(client) if client else None, self.services)
        except Refusal as refusal:
            return refused(refusal)
        return json_response(ACCEPTED, 202)

    async def _limit(self, address: str | None) -> None:
        if address is None:
            return
        try:
            await self.services.throttle.failed(Subject(f"leaks:{address}", REPORTS_PER_WINDOW))
        except Limited as limited:
            raise errors.rate_limited(limited.retry_after) from None


async def _report(reports: list[LeakReport], client: str | None, services: Services) -> None:
    try:
        await report_leaks(reports, client, services)
    except Exception as error:  # noqa: BLE001 - no trace, no token in a log line
        if is_unavailable(error):
            await expire_connections()
            raise errors.UNAVAILABLE from None
        log.error("unexpected %s in a leak report", type(error).__name__)
        raise Refusal(500) from None


def _reports(body: Any) -> list[LeakReport]:
    """A JSON array of {"token", "url", "source"} objects (url and source optional)."""
    if not isinstance(body, list) or not 0 < len(body) <= MAX_ITEMS:
        raise Refusal(400, "expected_array_of_reports")
    reports = []
    for item in body:
        if not isinstance(item, dict) or not isinstance(item.get("token"), str):
            raise Refusal(400, "report_token_missing")
        url, source = item.get("url"), item.get("source")
        if not all(value is None or isinstance(value, str) for value in (url, source)):
            raise Refusal(400, "report_url_or_source_not_a_string")
        reports.append(LeakReport(token=item["token"], url=url, source=source))
    return reports
