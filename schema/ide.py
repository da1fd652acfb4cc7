"""GraphiQL, served by us: the page at GET /graphql and its files at
/graphql/ide/<build>/<name>, read from the npm packages that `make graphiql` installs into
graphiql/node_modules (web/assets.py serves them). No CDN: the IDE works on a machine with
no internet."""

from __future__ import annotations

from html import escape
from pathlib import Path

from web.assets import Tool, ToolPages

GRAPHIQL_DIR = Path(__file__).resolve().parent.parent / "graphiql"
INSTALL_COMMAND = "npm ci --prefix graphiql"
# The only files served: each URL name, and its path in the folder (graphiql/package.json
# pins the versions; its lockfile, their integrity). Never the rest of node_modules.
FILES = {
    "graphiql.min.css": "node_modules/graphiql/graphiql.min.css",
    "plugin-explorer.css": "node_modules/@graphiql/plugin-explorer/dist/style.css",
    "ide.css": "ide.css",
    "react.production.min.js": "node_modules/react/umd/react.production.min.js",
    "react-dom.production.min.js": "node_modules/react-dom/umd/react-dom.production.min.js",
    "graphiql.min.js": "node_modules/graphiql/graphiql.min.js",
    "plugin-explorer.umd.js": "node_modules/@graphiql/plugin-explorer/dist/index.umd.js",
    "ide.js": "ide.js",
}
_MISSING = f"""<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8">
    <title>GraphiQL is not installed · API keys</title>
    <link rel="icon" href="data:,">
  </head>
  <body>
    <h1>GraphiQL's files are not installed</h1>
    <p>This service serves GraphiQL (the in-browser GraphQL IDE) from its own files, which
    come from npm and are missing here. In the service's checkout, on a machine with
    Node.js and an npm registry, run</p>
    <pre>{escape(INSTALL_COMMAND)}</pre>
    <p>(<code>make graphiql</code>, <code>make serve</code> and <code>make test</code> run
    it), or copy <code>graphiql/node_modules</code> from such a machine; then reload this
    page.</p>
    <p>The API itself works without them: <code>POST /graphql</code> with
    <code>Authorization: Bearer &lt;key&gt;</code>; the schema is at
    <code>/graphql/schema.graphql</code>.</p>
  </body>
</html>
"""


class GraphiQL(ToolPages):
    """GET /graphql and GET /graphql/ide/<build>/<name>."""

    def __init__(self, folder: Path = GRAPHIQL_DIR) -> None:
        tool = Tool(
            name="GraphiQL",
            folder=folder,
            files=FILES,
            title="GraphiQL · API keys",
            body='<div id="graphiql">Loading GraphiQL…</div>\n'
            "    <noscript>GraphiQL needs JavaScript.</noscript>",
            missing=_MISSING,
            install_command=INSTALL_COMMAND,
        )
        super().__init__(tool, page="/graphql", files="/graphql/ide")
