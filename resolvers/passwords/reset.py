from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from auth.passwords import hash_password
from auth.tokens import parse_token
from models import Actor, AuditAction, AuditEvent, Member, PasswordReset, Session, User
from resolvers.errors import NotFound
from resolvers.members.fields import check_password
from resolvers.services import Services

_NO_RESET = "no usable reset for this token (unknown, used or expired)"


async def reset_password(
    token: str, new_password: str, services: Services, client_address: str | None
) -> bool:
    """Set the password of the token's user and end every session of theirs, in every
    organization. The token works once, within the hour; the user's other pending reset
    tokens stop working too."""
    parsed = parse_token(token, services.keyring.token_prefix)
    if parsed is None or parsed.kind != "reset":
        raise NotFound(_NO_RESET)
    password_hash = await hash_password(check_password(new_password, "newPassword"))
    digest, now = services.keyring.digest(token), datetime.now(UTC)
    async with in_transaction():
        used = await PasswordReset.filter(
            token_digest=digest, used_at=None, expires_at__gt=now
        ).update(used_at=now)
        if not used:
            raise NotFound(_NO_RESET)
        reset = await PasswordReset.get(token_digest=digest)
        await PasswordReset.filter(user_id=reset.user_id, used_at=None).update(used_at=now)
        await User.filter(id=reset.user_id).update(password_hash=password_hash)
        members = await Member.filter(user_id=reset.user_id)
        await Session.filter(member_id__in=[m.id for m in members]).delete()
        for member in members:
            await AuditEvent.record(
                str(member.organization_id),
                AuditAction.PASSWORD_RESET,
                Actor(client_address=client_address),
                member_id=str(member.id),
            )
    return True
