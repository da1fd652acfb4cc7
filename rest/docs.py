"""The OpenAPI document in a browser: Swagger UI at GET /api/v1/docs, from the npm package
that `make apidocs` installs into apidocs/node_modules, served like GraphiQL (web/assets.py):
no CDN, every file with its integrity, a strict Content-Security-Policy."""

from __future__ import annotations

from html import escape
from pathlib import Path

from web.assets import Tool, ToolPages

APIDOCS_DIR = Path(__file__).resolve().parent.parent / "apidocs"
INSTALL_COMMAND = "npm ci --prefix apidocs"
# The only files served (apidocs/package.json pins the version; its lockfile, the integrity).
FILES = {
    "swagger-ui.css": "node_modules/swagger-ui-dist/swagger-ui.css",
    "swagger-ui-bundle.js": "node_modules/swagger-ui-dist/swagger-ui-bundle.js",
    "docs.js": "docs.js",
}
_MISSING = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>The API's docs are not installed · API keys</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <h1>The docs page's files are not installed</h1>
    <p>This service shows its OpenAPI document with Swagger UI, from its own files, which
    come from npm and are missing here. In the service's checkout, on a machine with
    Node.js and an npm registry, run</p>
    <pre>{escape(INSTALL_COMMAND)}</pre>
    <p>(<code>make apidocs</code>, <code>make serve</code> and <code>make test</code> run
    it); then reload this page.</p>
    <p>The document itself is at <a href="openapi.json">/api/v1/openapi.json</a>.</p>
  </body>
</html>
"""


class ApiDocs(ToolPages):
    """GET /api/v1/docs and GET /api/v1/docs/files/<build>/<name>."""

    def __init__(self, folder: Path = APIDOCS_DIR) -> None:
        tool = Tool(
            name="Swagger UI",
            folder=folder,
            files=FILES,
            title="REST API (/api/v1) · API keys",
            body='<div id="swagger-ui">Loading the API\'s documentation…</div>\n'
            "    <noscript>The documentation needs JavaScript; the document is at "
            '<a href="openapi.json">openapi.json</a>.</noscript>',
            missing=_MISSING,
            install_command=INSTALL_COMMAND,
        )
        super().__init__(tool, page="/api/v1/docs", files="/api/v1/docs/files")
