from __future__ import annotations

from datetime import UTC, datetime

from tortoise.transactions import in_transaction

from auth.principal import Principal
from models import AuditAction, Invitation
from resolvers import policy
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.invitations.guard import find_invitation, public_view
from resolvers.members.guard import MANAGE_MEMBERS, lock_organization_as_admin
from resolvers.services import Services


async def revoke_invitation(
    principal: Principal, invitation_id: str, services: Services
) -> Invitation:
    """A pending invitation made unusable at once; one already accepted, revoked or expired
    is a CONFLICT. Managing members: an admin's session, in sudo mode."""
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, services.clock())
    invitation = await find_invitation(principal, invitation_id)
    now = datetime.now(UTC)
    async with in_transaction():
        await lock_organization_as_admin(principal)
        revoked = await Invitation.filter(Invitation.pending_at(now), id=invitation.id).update(
            revoked_at=now
        )
        if not revoked:
            await invitation.refresh_from_db()
            status = invitation.status_at(now).value.lower()
            raise Conflict(f"the invitation is {status}: only a pending one can be revoked")
        invitation.revoked_at = now
        await record(principal, AuditAction.INVITATION_REVOKED, before=public_view(invitation))
    return invitation
