"""A user's memberships: every organization they belong to, oldest first, with its name."""

from __future__ import annotations

import uuid

from models import User
from resolvers.members.memberships import memberships_of
from tests.factories import make_member, password_hash


async def test_a_users_memberships_come_oldest_first_with_their_organizations(org, other_org):
    user = await User.get(email=org.admin_email)
    joined_later = await make_member(other_org.id, user=user)
    found = await memberships_of(user.id)
    assert [(str(member.id), str(organization.id)) for member, organization in found] == [
        (org.admin_id, org.id),
        (str(joined_later.id), other_org.id),
    ]
    assert [organization.name for _, organization in found] == ["Acme", "Other"]


async def test_a_user_left_with_no_membership_has_none(org):
    email = f"gone-{uuid.uuid4().hex[:8]}@example.test"
    user = await User.create(email=email, password_hash=password_hash())
    assert await memberships_of(user.id) == []
    assert len(await memberships_of((await User.get(email=org.admin_email)).id)) == 1
