from __future__ import annotations

from dataclasses import dataclass

from auth.grants import MEMBER_ROLE_GRANTS
from auth.passwords import hash_password
from auth.principal import Principal
from models import Member, MemberRole, Organization, User
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.errors import Conflict
from resolvers.members.fields import check_email, check_password
from resolvers.organization.fields import check_organization_name
from resolvers.services import Services
from resolvers.unit_of_work import unit_of_work


@dataclass(frozen=True)
class Bootstrapped:
    organization_id: str
    member_id: str
    api_key_id: str
    api_key: str


async def bootstrap(
    organization_name: str, admin_email: str, admin_password: str, services: Services
) -> Bootstrapped:
    """An organization, its first ADMIN member and its first (full-access) API key.

    The operator's command, not a request: no principal, so no policy to ask. The key's
    e-mail to the new admin leaves once everything is committed."""
    name = check_organization_name(organization_name, field="org")
    email = check_email(admin_email)
    password_hash = await hash_password(check_password(admin_password))
    async with unit_of_work(services):
        if await User.filter(email=email).exists():
            raise Conflict(f"a user with e-mail {email} exists")
        organization = await Organization.create(name=name)
        user = await User.create(email=email, password_hash=password_hash)
        admin = await Member.create(
            organization=organization, user=user, email=email, role=MemberRole.ADMIN
        )
        principal = Principal(
            organization_id=str(organization.id),
            full_access=True,
            grants=MEMBER_ROLE_GRANTS,
            member_id=str(admin.id),
            is_admin=True,
        )
        key, token = await create_api_key(principal, CreateApiKey(name="bootstrap"), services)
    return Bootstrapped(str(organization.id), str(admin.id), str(key.id), token)
