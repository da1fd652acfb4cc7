"""What the invitation verbs share: finding one in the caller's organization, its public
view for the audit trail, and its e-mail."""

from __future__ import annotations

import unicodedata
from typing import Any

from auth.principal import Principal
from models import Invitation, Notification, Organization
from resolvers.errors import NotFound
from resolvers.ids import parse_id

ACCEPT_PAGE = "/console/#accept="
MAIL_KIND = "invitation"  # a Notification's kind: not a key's, so not a NotificationKind


def one_line(text: str) -> str:
    """A stored name as one header-safe line: control characters and separators as spaces."""
    return " ".join("".join(" " if unicodedata.category(c)[0] in "CZ" else c for c in text).split())


async def find_invitation(principal: Principal, invitation_id: str) -> Invitation:
    invitation = await Invitation.get_or_none(
        id=parse_id(invitation_id, "Invitation"), organization_id=principal.organization_id
    )
    if invitation is None:
        raise NotFound("Invitation not found")
    return invitation


def public_view(invitation: Invitation) -> dict[str, Any]:
    """What an audit row may hold of an invitation: never its token."""
    return {
        "invitationId": str(invitation.id),
        "email": invitation.email,
        "role": invitation.role.value,
        "expiresAt": invitation.expires_at.isoformat(),
    }


async def invitation_mail(invitation: Invitation, token: str) -> Notification:
    """The outbox row of the invitation's e-mail: the token in clear, once; the row leaves
    after the commit like every notification."""
    organization = await Organization.get(id=invitation.organization_id)
    name = one_line(organization.name)
    body = "\n".join(
        [
            f"You are invited to join {name} as {invitation.role.value}.",
            "",
            "To accept, open the service's console at",
            f"  {ACCEPT_PAGE}{token}",
            'or paste this token on its "Accept an invitation" page:',
            f"  {token}",
            "",
            f"The invitation can be used once and expires at "
            f"{invitation.expires_at.isoformat(timespec='seconds')}.",
            "If you did not expect it, ignore this message.",
            "",
        ]
    )
    return await Notification.create(
        organization_id=invitation.organization_id,
        recipient=invitation.email,
        kind=MAIL_KIND,
        subject=f"[{name}] Invitation to join",
        body=body,
    )
