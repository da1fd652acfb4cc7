"""What the invitation (and password reset) tests share: documents, fresh addresses, and
the token read from the e-mail as its recipient would read it (delivered to MAIL_DIR)."""

from __future__ import annotations

import re
import uuid
from email import message_from_bytes

from jobs.delivery import deliver
from models import Notification, NotificationStatus
from settings import Settings

INVITE = (
    "mutation($e: String!, $r: MemberRole!) { inviteMember(email: $e, role: $r) "
    "{ id email role status createdAt expiresAt acceptedAt revokedAt } }"
)
ACCEPT = (
    "mutation($t: String!, $p: String!, $n: String) { acceptInvitation(token: $t, "
    "password: $p, name: $n) { token member { id email name role } } }"
)
REVOKE = "mutation($id: ID!) { revokeInvitation(id: $id) { id status revokedAt } }"
INVITATIONS = "{ invitations(first: 50) { edges { node { id email role status } } } }"
MEMBERSHIPS = (
    "{ viewer { organizationId member { email role } memberships "
    "{ organizationId organizationName role memberId current } } }"
)
NEW_PASSWORD = "a fresh long password"


def fresh_email() -> str:
    return f"person-{uuid.uuid4().hex[:10]}@example.test"


async def mailed(settings: Settings, email: str) -> str:
    """The body of the newest e-mail to `email`: every pending one to that address is
    delivered (to MAIL_DIR, as without SMTP_URL) and the newest file read back."""
    rows = await Notification.filter(recipient=email).order_by("created_at", "id")
    assert rows, f"nothing was mailed to {email}"
    for row in rows:
        if row.status is NotificationStatus.PENDING:
            assert await deliver(str(row.id), settings, last_attempt=True)
    (path,) = settings.mail_dir.glob(f"*-{rows[-1].id}.eml")
    message = message_from_bytes(path.read_bytes())
    assert message["To"] == email
    body: str = message.get_content() if hasattr(message, "get_content") else ""
    if not body:
        payload = message.get_payload(decode=True)
        body = payload.decode() if isinstance(payload, bytes) else str(payload)
    return body


async def mailed_token(settings: Settings, email: str, kind: str = "invite") -> str:
    body = await mailed(settings, email)
    found = re.findall(rf"\blk_{kind}_[0-9A-Za-z]+", body)
    assert found, body
    token: str = found[-1]
    return token
