"""/api/v1: its routes, one per path, each dispatching on the method to its operation
(rest/door.py runs it); the OpenAPI document and its docs page; Lago's 404 and 405.

The routes are the app's own, each with the whole path: a Mount would cut a path ending in
a newline short (its regex's `.` stops there) and answer in Starlette's plain text."""

from __future__ import annotations

from collections.abc import Iterable

from starlette.convertors import Convertor, register_url_convertor
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route
from starlette.types import Receive, Scope, Send

from auth.bearer import Authenticator
from resolvers.services import Services
from rest.docs import ApiDocs
from rest.door import Door, json_response, refused
from rest.errors import Refusal
from rest.openapi import document
from rest.operations import Operation
from rest.resources import OPERATIONS

PREFIX = "/api/v1"


class _Anything(Convertor[str]):
    """Any rest of a path, line breaks included (Starlette's `path` stops at one)."""

    regex = "(?s:.*)"

    def convert(self, value: str) -> str:
        return value

    def to_string(self, value: str) -> str:
        return value


register_url_convertor("anything", _Anything())


class RestApi:
    """The routes of /api/v1 (server.py adds them to the app's), with the app's services."""

    def __init__(
        self,
        services: Services,
        authenticator: Authenticator,
        operations: Iterable[Operation] = OPERATIONS,
    ) -> None:
        self.door = Door(services, authenticator)
        self.operations = tuple(operations)
        self.openapi = document(self.operations)

    def routes(self) -> list[BaseRoute]:
        by_path: dict[str, dict[str, Operation]] = {}
        for operation in self.operations:
            by_path.setdefault(operation.path, {})[operation.method] = operation
        # A literal segment before a parameter: /events/batch is not the event "batch".
        paths = sorted(by_path, key=lambda path: ("{" in path, path))
        return [
            Route(f"{PREFIX}/openapi.json", self._document, methods=["GET"]),
            *ApiDocs().routes(),
            *(Route(f"{PREFIX}{path}", _Path(self.door, by_path[path])) for path in paths),
            Route(PREFIX, _no_route),
            # Any rest: a slash in a value (%2F) too, and a line break before a slash.
            Route(f"{PREFIX}/{{path:anything}}", _no_route),
        ]

    async def _document(self, request: Request) -> Response:
        return json_response(self.openapi)


class _Path:
    """One path's operations by method, as an ASGI app: every method reaches it, and one
    the path has not is Lago's 405 with `Allow`."""

    def __init__(self, door: Door, methods: dict[str, Operation]) -> None:
        self.door, self.methods = door, methods
        self.allow = {"Allow": ", ".join(sorted(methods))}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        request = Request(scope, receive)
        operation = self.methods.get(request.method)
        if operation is None:
            response = refused(Refusal(405, headers=self.allow))
        else:
            response = await self.door.answer(operation, request)
            if response.status_code == 405:
                response.headers.update(self.allow)
        await response(scope, receive, send)


class _NoRoute:
    """Lago's 404 whatever the method: an ASGI app, as a function endpoint takes GET only."""

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        await refused(Refusal(404, "route_not_found"))(scope, receive, send)


_no_route = _NoRoute()
