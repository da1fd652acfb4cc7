// Starts GraphiQL on GET /graphql (schema/ide.py serves this file with the packages).
// A file, not an inline script: the page's Content-Security-Policy allows scripts from 'self' only.
"use strict";

const WELCOME = `# The API-key service's GraphQL API.
#
# Every field but \`login\` and introspection
# needs a credential. Open "Headers" below
# and add
#
#   {"Authorization": "Bearer <key>"}
#
# with an API key (\`server.py bootstrap\`
# prints the first one) or the token that
# \`login\` returns. Run with Ctrl-Enter or
# the play button. The docs (the book icon,
# top left) say what each field requires.

{
  viewer {
    fullAccess
    organization {
      name
    }
  }
  apiKeys {
    totalCount
    edges {
      node {
        name
        prefix
        status
      }
    }
  }
}
`;

// GraphiQL's history stores each query's headers in localStorage, even with
// shouldPersistHeaders off: a key must not stay in the browser, so the history
// (and the favorites) are stored without them.
const HISTORY_KEYS = new Set(["graphiql:queries", "graphiql:favorites"]);
const OURS = (key) => key.startsWith("graphiql:");

function withoutHeaders(key, value) {
  if (!HISTORY_KEYS.has(key)) return value;
  return JSON.stringify(JSON.parse(value), (name, field) =>
    name === "headers" ? undefined : field,
  );
}

const storage = {
  getItem: (key) => localStorage.getItem(key),
  setItem: (key, value) => localStorage.setItem(key, withoutHeaders(key, value)),
  removeItem: (key) => localStorage.removeItem(key),
  get length() {
    return Object.keys(localStorage).filter(OURS).length;
  },
  clear() {
    Object.keys(localStorage).filter(OURS).forEach((key) => localStorage.removeItem(key));
  },
};

// The page's own URL: POST /graphql, whatever prefix a proxy mounts the service under.
const fetcher = GraphiQL.createFetcher({ url: window.location.pathname });

function GraphiQLWithExplorer() {
  return React.createElement(GraphiQL, {
    fetcher,
    storage,
    plugins: [GraphiQLPluginExplorer.explorerPlugin()],
    defaultQuery: WELCOME,
    defaultEditorToolsVisibility: "headers",
    isHeadersEditorEnabled: true,
    // A key typed into Headers stays in this tab's memory, never in localStorage.
    shouldPersistHeaders: false,
    inputValueDeprecation: true,
  });
}

ReactDOM.createRoot(document.getElementById("graphiql")).render(
  React.createElement(GraphiQLWithExplorer),
);
