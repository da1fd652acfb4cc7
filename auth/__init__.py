"""Tokens, sealed secrets, passwords and the Principal a bearer token resolves to."""
