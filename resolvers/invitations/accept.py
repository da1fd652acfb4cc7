from __future__ import annotations

from datetime import UTC, datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from auth.passwords import hash_password, verify_password
from auth.tokens import parse_token
from models import Actor, AuditAction, AuditEvent, Invitation, InvitationStatus, Session, User
from resolvers.errors import Conflict, NotFound, Unauthenticated
from resolvers.invitations.guard import public_view
from resolvers.members.fields import check_member_name, check_password
from resolvers.members.guard import join
from resolvers.services import Services
from resolvers.sessions.attempts import password_attempt
from resolvers.sessions.login import open_session

_NO_INVITATION = "no pending invitation for this token (unknown, used, revoked or expired)"


async def accept_invitation(
    token: str,
    password: str,
    name: str | None,
    services: Services,
    client_address: str | None,
) -> tuple[Session, str]:
    """The token's holder joins the organization and gets a session there. A new address
    becomes a user with this password (and name); an existing user proves it is them with
    their own password, checked within the login limits. The invitation works once: two
    concurrent acceptances make one membership, the other answers NOT_FOUND."""
    invitation = await _pending(token, services)
    user = await User.get_or_none(email=invitation.email)
    if user is None:
        new_hash = await hash_password(check_password(password))
        name = check_member_name(name)
    else:
        await _prove(user, password, services, client_address)
    now = datetime.now(UTC)
    async with in_transaction():
        used = await Invitation.filter(Invitation.pending_at(now), id=invitation.id).update(
            accepted_at=now
        )
        if not used:
            raise NotFound(_NO_INVITATION)
        if user is None:
            user = await _new_user(invitation.email, name, new_hash)
        member = await join(user, str(invitation.organization_id), invitation.role, name)
        if member is None:
            raise Conflict("already a member of this organization")
        actor = Actor(member_id=str(member.id), client_address=client_address)
        await AuditEvent.record(
            str(invitation.organization_id),
            AuditAction.INVITATION_ACCEPTED,
            actor,
            member_id=str(member.id),
            after=public_view(invitation),
        )
    # The password was just typed.
    return await open_session(member, services, client_address, services.clock())


async def _pending(token: str, services: Services) -> Invitation:
    parsed = parse_token(token, services.keyring.token_prefix)
    if parsed is None or parsed.kind != "invite":
        raise NotFound(_NO_INVITATION)
    invitation = await Invitation.get_or_none(token_digest=services.keyring.digest(token))
    if (
        invitation is None
        or invitation.status_at(datetime.now(UTC)) is not InvitationStatus.PENDING
    ):
        raise NotFound(_NO_INVITATION)
    return invitation


async def _prove(user: User, password: str, services: Services, client_address: str | None) -> None:
    async with password_attempt(
        services.throttle,
        client_address,
        user.email,
        failure=Unauthenticated,
        limited="too many attempts; retry later",
    ):
        if not await verify_password(user.password_hash, password):
            raise Unauthenticated(
                "this address has an account: accept with its password (or reset it)"
            )


async def _new_user(email: str, name: str | None, password_hash: str) -> User:
    try:
        async with in_transaction():
            return await User.create(email=email, name=name, password_hash=password_hash)
    except IntegrityError:
        # Registered meanwhile (another invitation accepted at the same moment): that
        # account's password was not checked here.
        raise Conflict("this address just got an account: accept again with its password") from None
