"""What the session verbs' tests share: who the caller is, by member or by key."""

from __future__ import annotations

VIEWER = "{ viewer { member { email } apiKey { id } } }"
