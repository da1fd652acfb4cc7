"""Mutations of keys, members, sessions and the organization: each translates its input,
calls its use case (named by module, so no method shadows the function it calls) and
maps the result."""

from __future__ import annotations

import strawberry

from auth.grants import PermissionObject as Obj
from models import ApiKey as ApiKeyModel
from models import MemberRole
from models.organization import LeakResponse
from resolvers.api_keys import create as create_key
from resolvers.api_keys import destroy as destroy_key
from resolvers.api_keys import disable as disable_key
from resolvers.api_keys import enable as enable_key
from resolvers.api_keys import end_rotation as end_key_rotation
from resolvers.api_keys import reveal as reveal_key
from resolvers.api_keys import rotate as rotate_key
from resolvers.api_keys import update as update_key
from resolvers.api_keys import update_permissions as regrant_key
from resolvers.members import create as add_member
from resolvers.members import remove as drop_member
from resolvers.members import update_role as change_role
from resolvers.organization import set_leak_response as leak_setting
from resolvers.organization import update as update_org
from resolvers.sessions import login as log_in
from resolvers.sessions import logout as log_out
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
from schema.metering import credits_of, given_or, rate_limit_of
from schema.people.mutation import session_of
from schema.permissions import WRITE, requires, requires_admin_session
from schema.types import ApiKey, ApiKeyWithSecret, Member, Organization, Session


def _with_secret(result: tuple[ApiKeyModel, str]) -> ApiKeyWithSecret:
    key, secret = result
    return ApiKeyWithSecret(api_key=ApiKey.from_model(key), secret=secret)


@strawberry.type
class Mutation:
    @strawberry.mutation(
        description="Works without a token. A member of several organizations names one "
        "(`organizationId`), or gets ORGANIZATION_REQUIRED with the list."
    )
    async def login(
        self,
        info: Info,
        email: str,
        password: str,
        organization_id: strawberry.ID | None = None,
    ) -> Session:
        ctx = info.context
        return await session_of(
            await log_in.login(email, password, ctx.services, ctx.client_address, organization_id)
        )

    @strawberry.mutation
    async def logout(self, info: Info) -> bool:
        return await log_out.logout(info.context.caller)

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def create_api_key(self, info: Info, input: CreateApiKeyInput) -> ApiKeyWithSecret:
        data = create_key.CreateApiKey(
            name=input.name,
            description=input.description,
            permissions=grants(input.permissions),
            allowed_ips=input.allowed_ips,
            expires_at=input.expires_at,
            customer_ids=None if input.customer_ids is None else list(input.customer_ids),
            rate_limit=rate_limit_of(input.rate_limit),
            credits=credits_of(input.credits),
        )
        ctx = info.context
        return _with_secret(await create_key.create_api_key(ctx.caller, data, ctx.services))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def update_api_key(self, info: Info, input: UpdateApiKeyInput) -> ApiKey:
        data = update_key.UpdateApiKey(
            id=input.id,
            name=given(input.name),
            description=given(input.description),
            allowed_ips=given(input.allowed_ips),
            expires_at=given(input.expires_at),
            rate_limit=given(given_or(input.rate_limit, rate_limit_of)),
            credits=given(given_or(input.credits, credits_of)),
            customer_ids=given(input.customer_ids),
        )
        ctx = info.context
        return ApiKey.from_model(await update_key.update_api_key(ctx.caller, data, ctx.services))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def update_permissions(self, info: Info, input: UpdatePermissionsInput) -> ApiKey:
        ctx, wanted = info.context, grants(input.permissions)
        key = await regrant_key.update_permissions(ctx.caller, input.id, wanted, ctx.services)
        return ApiKey.from_model(key)

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def rotate_api_key(self, info: Info, input: RotateApiKeyInput) -> ApiKeyWithSecret:
        ctx = info.context
        rotated = await rotate_key.rotate_api_key(
            ctx.caller, input.id, input.schedule, ctx.services
        )
        return _with_secret(rotated)

    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="Only an ADMIN member's session may reveal; never an API key.",
    )
    async def reveal_api_key(self, info: Info, id: strawberry.ID) -> ApiKeyWithSecret:
        ctx = info.context
        return _with_secret(await reveal_key.reveal_api_key(ctx.caller, id, ctx.services))

    @strawberry.mutation(extensions=requires(Obj.API_KEY, WRITE))
    async def destroy_api_key(self, info: Info, id: strawberry.ID) -> ApiKey:
        ctx = info.context
        return ApiKey.from_model(await destroy_key.destroy_api_key(ctx.caller, id, ctx.services))

    @strawberry.mutation(extensions=requires_admin_session())
    async def create_member(self, info: Info, input: CreateMemberInput) -> Member:
        member = await add_member.create_member(
            info.context.caller,
            input.email,
            input.name,
            input.role,
            input.password,
            info.context.services,
        )
        return Member.from_model(member)

    @strawberry.mutation(extensions=requires_admin_session())
    async def update_member_role(self, info: Info, id: strawberry.ID, role: MemberRole) -> Member:
        return Member.from_model(
            await change_role.update_member_role(
                info.context.caller, id, role, info.context.services
            )
        )

    @strawberry.mutation(extensions=requires_admin_session())
    async def remove_member(self, info: Info, id: strawberry.ID) -> Member:
        ctx = info.context
        removed = await drop_member.remove_member(ctx.caller, id, ctx.services)
        return Member.from_model(removed)

    @strawberry.mutation(extensions=requires(Obj.ORGANIZATION, WRITE))
    async def update_organization(self, info: Info, input: UpdateOrganizationInput) -> Organization:
        ctx = info.context
        organization = await update_org.update_organization(
            ctx.caller,
            ctx.services,
            name=given(input.name),
            reveal_policy=given(input.reveal_policy),
            max_key_age_days=given(input.max_key_age_days),
        )
        return Organization.from_model(organization)

    # Key lifecycle: disable and enable.

    @strawberry.mutation(
        extensions=requires(Obj.API_KEY, WRITE),
        description="Refuse the key at once on every server, keeping its secret (DISABLED).",
    )
    async def disable_api_key(self, info: Info, id: strawberry.ID) -> ApiKey:
        ctx = info.context
        return ApiKey.from_model(await disable_key.disable_api_key(ctx.caller, id, ctx.services))

    @strawberry.mutation(
        extensions=requires(Obj.API_KEY, WRITE),
        description="A DISABLED key works again with the same secret (ACTIVE).",
    )
    async def enable_api_key(self, info: Info, id: strawberry.ID) -> ApiKey:
        ctx = info.context
        return ApiKey.from_model(await enable_key.enable_api_key(ctx.caller, id, ctx.services))

    @strawberry.mutation(
        extensions=requires_admin_session(),
        description="What a leak report (POST /leaks) does to a live key of the organization.",
    )
    async def set_leak_response(self, info: Info, response: LeakResponse) -> Organization:
        ctx = info.context
        organization = await leak_setting.set_leak_response(ctx.caller, response, ctx.services)
        return Organization.from_model(organization)

    @strawberry.mutation(
        extensions=requires(Obj.API_KEY, WRITE),
        description="End a pending scheduled rotation early: the previous secret stops now.",
    )
    async def end_rotation_now(self, info: Info, id: strawberry.ID) -> ApiKey:
        ctx = info.context
        key = await end_key_rotation.end_rotation_now(ctx.caller, id, ctx.services)
        return ApiKey.from_model(key)
