from __future__ import annotations

from datetime import UTC, datetime, timedelta

from auth.principal import Principal
from models import AuditAction, Invitation, Member, MemberRole
from resolvers import policy
from resolvers.audit.record import record
from resolvers.errors import Conflict
from resolvers.invitations.guard import invitation_mail, public_view
from resolvers.members.fields import check_email
from resolvers.members.guard import MANAGE_MEMBERS, lock_organization_as_admin
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work

INVITATION_LIFETIME = timedelta(days=7)


async def invite_member(
    principal: Principal, email: str, role: MemberRole, services: Services
) -> Invitation:
    """A pending invitation, e-mailed with its one-time token after the commit. Whether the
    address is a user elsewhere changes nothing in the answer: only this organization's own
    members are refused (CONFLICT)."""
    policy.require_admin_session(principal, MANAGE_MEMBERS)
    policy.require_sudo(principal, MANAGE_MEMBERS, services.clock())
    email = check_email(email)
    secret = services.keyring.new_secret("invite")
    async with unit_of_work(services) as work:
        await lock_organization_as_admin(principal)
        if await Member.filter(organization_id=principal.organization_id, email=email).exists():
            raise Conflict("a member with this e-mail exists in this organization")
        invitation = await Invitation.create(
            organization_id=principal.organization_id,
            email=email,
            role=role,
            token_digest=secret.digest,
            invited_by_id=principal.member_id,
            expires_at=datetime.now(UTC) + INVITATION_LIFETIME,
        )
        mail = await invitation_mail(invitation, secret.token)
        work.notify([str(mail.id)])
        await record(principal, AuditAction.INVITATION_SENT, after=public_view(invitation))
    return invitation
