"""Use cases: plain async functions (principal, input) -> model or domain error."""
