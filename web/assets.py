"""Browser tools served from npm packages installed beside the code: GraphiQL at GET
/graphql (schema/ide.py) and the OpenAPI docs at GET /api/v1/docs (rest/docs.py).

A tool is a page and its files. Each file's URL carries a digest of them all (the build),
so a browser may keep it forever, and the page names each with its integrity. No CDN: the
tools work on a machine with no internet. Until the packages are installed the page says
how to install them; it looks again at each load, so no restart is needed.
"""

from __future__ import annotations

import base64
import hashlib
import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, Response
from starlette.routing import BaseRoute, Route

log = logging.getLogger("apikeys.ide")
_MEDIA_TYPES = {".css": "text/css; charset=utf-8", ".js": "text/javascript; charset=utf-8"}
# Scripts, styles and requests from this origin only. Inline styles: the tools' components
# insert <style> elements at run time. data: fonts and images are the ones their CSS embeds.
PAGE_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "connect-src 'self'; img-src 'self' data:; font-src data:; base-uri 'none'; "
        "form-action 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    # The page names its files by their digest: a new install shows at the next load.
    "Cache-Control": "no-cache",
}
# A file's URL changes with its bytes (the build digest), so a browser may keep it forever.
ASSET_HEADERS = {
    "Cache-Control": "public, max-age=31536000, immutable",
    "X-Content-Type-Options": "nosniff",
}


@dataclass(frozen=True)
class Asset:
    body: bytes
    media_type: str

    @property
    def integrity(self) -> str:
        """The Subresource Integrity value of the served bytes."""
        return "sha384-" + base64.b64encode(hashlib.sha384(self.body).digest()).decode()


@dataclass(frozen=True)
class Bundle:
    """The served files, read once; `build` is a digest of them all, the URLs' version."""

    assets: dict[str, Asset]
    build: str

    @classmethod
    def read(cls, folder: Path, files: Mapping[str, str]) -> Bundle | None:
        """`files` (URL name: path in `folder`), or None when one is missing (not installed)."""
        paths = {name: folder / relative for name, relative in files.items()}
        if not all(path.is_file() for path in paths.values()):
            return None
        assets = {
            name: Asset(path.read_bytes(), _MEDIA_TYPES[path.suffix])
            for name, path in paths.items()
        }
        build = hashlib.sha256()
        for name, asset in assets.items():
            build.update(f"{name}\0{len(asset.body)}\0".encode())
            build.update(asset.body)
        return cls(assets, build.hexdigest()[:16])


@dataclass(frozen=True)
class Tool:
    """A browser tool: the only files served (URL name: path in `folder`; never the rest of
    node_modules), the page's title and body (before its scripts), and the whole page
    shown while the files are missing."""

    name: str
    folder: Path
    files: Mapping[str, str]
    title: str
    body: str
    missing: str
    install_command: str
    headers: Mapping[str, str] = field(default_factory=lambda: PAGE_HEADERS)


class ToolPages:
    """GET `page` and GET `files`/<build>/<name>: the tool's page and its files."""

    def __init__(self, tool: Tool, page: str, files: str) -> None:
        self.tool, self.folder = tool, tool.folder
        self._page_path, self._files_path = page, files
        self._bundle: Bundle | None = None
        self._page = ""
        self._warned = False

    def routes(self) -> list[BaseRoute]:
        return [
            Route(self._page_path, self.page, methods=["GET"]),
            Route(f"{self._files_path}/{{build}}/{{name}}", self.asset, methods=["GET"]),
        ]

    async def page(self, request: Request) -> Response:
        headers = dict(self.tool.headers)
        if await self._installed() is None:
            return HTMLResponse(self.tool.missing, headers=headers)
        return HTMLResponse(self._page, headers=headers)

    async def asset(self, request: Request) -> Response:
        bundle, asset = await self._installed(), None
        if bundle is not None and request.path_params["build"] == bundle.build:
            asset = bundle.assets.get(request.path_params["name"])
        if asset is None:
            return PlainTextResponse("not found", 404)
        return Response(asset.body, headers=ASSET_HEADERS, media_type=asset.media_type)

    async def _installed(self) -> Bundle | None:
        if self._bundle is None:
            bundle = await run_in_threadpool(Bundle.read, self.folder, self.tool.files)
            if bundle is None:
                self._warn_missing()
                return None
            self._bundle, self._page = bundle, self._page_of(bundle)
        return self._bundle

    def _warn_missing(self) -> None:
        if not self._warned:
            log.warning(
                "%s's files are missing from %s: %s",
                self.tool.name,
                self.folder,
                self.tool.install_command,
            )
            self._warned = True

    def _page_of(self, bundle: Bundle) -> str:
        # Relative to the page, so that the page works under a proxy's prefix too.
        base = self._files_path.removeprefix(self._page_path.rsplit("/", 1)[0]).lstrip("/")

        def url(name: str) -> str:
            return f"{base}/{bundle.build}/{name}"

        styles = "".join(
            f'    <link rel="stylesheet" href="{url(name)}" integrity="{asset.integrity}">\n'
            for name, asset in bundle.assets.items()
            if name.endswith(".css")
        )
        scripts = "".join(
            f'    <script src="{url(name)}" integrity="{asset.integrity}"></script>\n'
            for name, asset in bundle.assets.items()
            if name.endswith(".js")
        )
        return _PAGE.format(
            title=escape(self.tool.title), styles=styles, body=self.tool.body, scripts=scripts
        )


_PAGE = """<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <meta name="viewport" content="width=device-width, initial-scale=1">
    <title>{title}</title>
    <link rel="icon" href="data:,">
{styles}  </head>
  <body>
    {body}
{scripts}  </body>
</html>
"""
