"""Sudo mode (issue 22): a session re-enters its password before the riskiest operations."""

from __future__ import annotations

from datetime import datetime

import strawberry

from resolvers.sessions import confirm_password as sudo
from schema.context import Info
from schema.permissions import requires_admin_session


@strawberry.type
class SudoMutation:
    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="Sudo mode: the session's member re-enters their password. Revealing a "
        "secret, rotating NOW, destroying a key, changing the reveal policy and managing "
        "members need it within the last 10 minutes (else SUDO_REQUIRED); login counts. "
        "Returns when sudo mode ends.",
    )
    async def confirm_password(self, info: Info, password: str) -> datetime:
        ctx = info.context
        return await sudo.confirm_password(ctx.caller, password, ctx.services)
