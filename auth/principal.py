from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from auth.grants import Access, Grants, PermissionObject
from auth.limits import KeyLimits
from models.audit import Actor


@dataclass(frozen=True, slots=True)
class Principal:
    """Who makes a request: an API key or a member's session, inside one organization."""

    organization_id: str
    full_access: bool
    grants: Grants
    api_key_id: str | None = None
    member_id: str | None = None
    session_id: str | None = None
    is_admin: bool = False
    client_address: str | None = None
    # A session's last password entry (sudo mode, resolvers/policy.py); None for a key.
    sudo_at: datetime | None = None
    # The customers a limited key may use (their ids); None: every customer.
    customer_ids: frozenset[str] | None = None
    # Authenticated by the previous secret of a key during its rotation's grace.
    previous_secret: bool = False
    limits: KeyLimits | None = None  # an API key's rate limit and credits

    def allows(self, obj: PermissionObject, access: Access) -> bool:
        return self.full_access or (obj, access) in self.grants

    @property
    def is_admin_session(self) -> bool:
        return self.member_id is not None and self.is_admin

    @property
    def actor(self) -> Actor:
        """As the audit trail names it."""
        return Actor(self.member_id, self.api_key_id, self.client_address)
