from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from models import MemberRole
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.api_keys.destroy import destroy_api_key
from resolvers.api_keys.reveal import reveal_api_key
from resolvers.api_keys.rotate import rotate_api_key
from resolvers.api_keys.update import UpdateApiKey, update_api_key
from resolvers.api_keys.update_permissions import update_permissions
from resolvers.members.create import create_member
from resolvers.members.remove import remove_member
from resolvers.members.update_role import update_member_role
from resolvers.organization.update import update_organization
from resolvers.sessions.login import login
from resolvers.sessions.logout import logout
from schema.context import Info
from schema.inputs import (
    CreateApiKeyInput,
    CreateMemberInput,
    RotateApiKeyInput,
    UpdateApiKeyInput,
    UpdateOrganizationInput,
    UpdatePermissionsInput,
    given,
    grants,
)
from schema.permissions import WRITE, requires, requires_admin_session
from schema.types import ApiKey, ApiKeyWithSecret, Member, Organization, Session


def _with_secret(result: tuple[object, str]) -> ApiKeyWithSecret:
    key, secret = result
    return ApiKeyWithSecret(api_key=ApiKey.from_model(key), secret=secret)  # type: ignore[arg-type]


@strawberry.type
class Mutation:
    @strawberry.mutation(description="The only operation that works without a token.")
    async def login(self, info: Info, email: str, password: str) -> Session:
        ctx = info.context
        session, token = await login(email, password, ctx.keyring, ctx.throttle, ctx.client_address)
        member = Member.from_model(await session.member)
        return Session(token=token, expires_at=session.expires_at, member=member)

    @strawberry.mutation
    async def logout(self, info: Info) -> bool:
        return await logout(info.context.caller)

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> ApiKeyWithSecret:
        data = CreateApiKey(
            name=input.name,
            description=input.description,
            permissions=grants(input.permissions),
            allowed_ips=input.allowed_ips,
            expires_at=input.expires_at,
        )
        ctx = info.context
        return _with_secret(await create_api_key(ctx.caller, data, ctx.keyring))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def update_api_key(self, info: Info, input: UpdateApiKeyInput) -> ApiKey:
        data = UpdateApiKey(
            id=input.id,
            name=given(input.name),
            description=given(input.description),
            allowed_ips=given(input.allowed_ips),
            expires_at=given(input.expires_at),
        )
        return ApiKey.from_model(await update_api_key(info.context.caller, data))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def update_permissions(self, info: Info, input: UpdatePermissionsInput) -> ApiKey:
        key = await update_permissions(info.context.caller, input.id, grants(input.permissions))
        return ApiKey.from_model(key)

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def rotate_api_key(self, info: Info, input: RotateApiKeyInput) -> ApiKeyWithSecret:
        ctx = info.context
        return _with_secret(await rotate_api_key(ctx.caller, input.id, input.schedule, ctx.keyring))

    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="Only an ADMIN member's session may reveal; never an API key.",
    )
    async def reveal_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyWithSecret:
        ctx = info.context
        return _with_secret(await reveal_api_key(ctx.caller, id, ctx.keyring))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def destroy_api_key(self, info: Info, id: strawberry.ID) -> ApiKey:
        return ApiKey.from_model(await destroy_api_key(info.context.caller, id))

    @strawberry.mutation(extensions=requires_admin_session())
    async def create_member(self, info: Info, input: CreateMemberInput) -> Member:
        member = await create_member(
            info.context.caller, input.email, input.name, input.role, input.password
        )
        return Member.from_model(member)

    @strawberry.mutation(extensions=requires_admin_session())
    async def update_member_role(self, info: Info, id: strawberry.ID, role: MemberRole) -> Member:
        member = await update_member_role(info.context.caller, id, role)
        return Member.from_model(member)

    @strawberry.mutation(extensions=requires_admin_session())
    async def remove_member(self, info: Info, id: strawberry.ID) -> Member:
        return Member.from_model(await remove_member(info.context.caller, id))

    @strawberry.mutation(extensions=requires(Obj.ORGANIZATION, WRITE))
    async def update_organization(self, info: Info, input: UpdateOrganizationInput) -> Organization:
        organization = await update_organization(
            info.context.caller, name=given(input.name), reveal_policy=given(input.reveal_policy)
        )
        return Organization.from_model(organization)
