"""Mutations of people: invitations, organizations of one user, passwords."""

from __future__ import annotations

import strawberry

from models import MemberRole
from models import Session as SessionModel
from resolvers.invitations import accept as accept_invite
from resolvers.invitations import invite as send_invite
from resolvers.invitations import revoke as revoke_invite
from resolvers.passwords import request_reset as ask_reset
from resolvers.passwords import reset as do_reset
from resolvers.sessions import switch as switch_org
from schema.context import Info
from schema.people.types import Invitation
from schema.permissions import requires_admin_session
from schema.types import Member, Session


async def session_of(result: tuple[SessionModel, str]) -> Session:
    session, token = result
    member = Member.from_model(await session.member)
    return Session(token=token, expires_at=session.expires_at, member=member)


@strawberry.type
class PeopleMutation:
    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="E-mails a one-time link (valid 7 days) to join this organization.",
    )
    async def invite_member(self, info: Info, email: str, role: MemberRole) -> Invitation:
        ctx = info.context
        invitation = await send_invite.invite_member(ctx.caller, email, role, ctx.services)
        return Invitation.from_model(invitation)

    @strawberry.mutation(extensions=requires_admin_session())
    async def revoke_invitation(self, info: Info, id: strawberry.ID) -> Invitation:
        ctx = info.context
        return Invitation.from_model(
            await revoke_invite.revoke_invitation(ctx.caller, id, ctx.services)
        )

    @strawberry.mutation(
        description="Works without a token: the invitation's token stands for it. A new "
        "address sets its password (and name); an existing user gives their own password."
    )
    async def accept_invitation(
        self, info: Info, token: str, password: str, name: str | None = None
    ) -> Session:
        ctx = info.context
        return await session_of(
            await accept_invite.accept_invitation(
                token, password, name, ctx.services, ctx.client_address
            )
        )

    @strawberry.mutation(
        description="A new session of the same user in another of their organizations."
    )
    async def switch_organization(self, info: Info, organization_id: strawberry.ID) -> Session:
        ctx = info.context
        return await session_of(
            await switch_org.switch_organization(ctx.caller, organization_id, ctx.services)
        )

    @strawberry.mutation(
        description="Works without a token; always answers true, in the same time. When "
        "the address is a user's, e-mails a one-hour, single-use reset token."
    )
    async def request_password_reset(self, info: Info, email: str) -> bool:
        ctx = info.context
        return await ask_reset.request_password_reset(email, ctx.services, ctx.client_address)

    @strawberry.mutation(
        description="Works without a token: the e-mailed reset token stands for it. Sets "
        "the password and ends every session of the user."
    )
    async def reset_password(self, info: Info, token: str, new_password: str) -> bool:
        ctx = info.context
        return await do_reset.reset_password(token, new_password, ctx.services, ctx.client_address)
