"""HTTP plumbing that both doors share, POST /graphql (schema/) and /api/v1 (rest/): a
request's body within a limit, its client address, and browser tools (GraphiQL, the
OpenAPI docs) served from npm packages installed beside the code."""
