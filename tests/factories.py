"""Organizations, members and keys made through the use cases, as a user would."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from typing import Any

import httpx
from argon2 import PasswordHasher

from auth.grants import MEMBER_ROLE_GRANTS, Access, PermissionObject
from auth.principal import Principal
from models import Member, MemberRole, Organization, Session, User
from resolvers.api_keys.create import CreateApiKey, create_api_key
from resolvers.services import Services

PASSWORD = "correct horse battery"


@lru_cache(maxsize=1)
def password_hash() -> str:
    """Hashed once per run: argon2id costs ~0.2 s, and the suite makes many members."""
    return PasswordHasher().hash(PASSWORD)


@dataclass(frozen=True)
class Org:
    id: str
    admin_id: str
    admin_email: str
    key_id: str
    key: str  # a full-access API key's secret

    @property
    def admin(self) -> Principal:
        return Principal(
            organization_id=self.id,
            full_access=True,
            grants=MEMBER_ROLE_GRANTS,
            member_id=self.admin_id,
            is_admin=True,
        )


async def make_member(
    org_id: str, role: MemberRole = MemberRole.MEMBER, user: User | None = None
) -> Member:
    """A membership in `org_id`: of a new user (password PASSWORD), or of `user`."""
    if user is None:
        email = f"{role.value.lower()}-{uuid.uuid4().hex[:8]}@example.test"
        user = await User.create(email=email, password_hash=password_hash())
    return await Member.create(organization_id=org_id, user=user, email=user.email, role=role)


async def make_organization(services: Services, name: str) -> Org:
    organization = await Organization.create(name=name)
    admin = await make_member(str(organization.id), MemberRole.ADMIN)
    org = Org(str(organization.id), str(admin.id), admin.email, "", "")
    key, token = await create_api_key(org.admin, CreateApiKey(name="first"), services)
    return Org(org.id, org.admin_id, org.admin_email, str(key.id), token)


async def make_session(services: Services, member: Member) -> str:
    """A session token for `member`, as `login` makes one, without spending argon2 time."""
    secret = services.keyring.new_secret("session")
    await Session.create(
        member=member,
        token_digest=secret.digest,
        expires_at=datetime.now(UTC) + timedelta(hours=1),
        sudo_at=datetime.now(UTC),
    )
    return secret.token


async def make_key(
    org: Org,
    services: Services,
    grants: list[tuple[PermissionObject, Access]] | None,
    **fields: Any,
) -> tuple[str, str]:
    """(id, secret) of a key made by the organization's admin."""
    key, token = await create_api_key(
        org.admin, CreateApiKey(permissions=grants, **fields), services
    )
    return str(key.id), token


async def gql(
    client: httpx.AsyncClient,
    query: str,
    token: str | None,
    **variables: Any,
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await client.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


async def data(client: httpx.AsyncClient, query: str, token: str | None, **variables: Any) -> Any:
    """The `data` of a request that must succeed with no error."""
    response = await gql(client, query, token, **variables)
    body = response.json()
    assert response.status_code == 200 and "errors" not in body, body
    return body["data"]


async def error(
    client: httpx.AsyncClient, query: str, token: str | None, **variables: Any
) -> dict[str, Any]:
    """The first error of a request that must fail; its extensions carry the code."""
    response = await gql(client, query, token, **variables)
    body = response.json()
    assert body.get("errors"), body
    first: dict[str, Any] = body["errors"][0]
    return first


async def login(client: httpx.AsyncClient, email: str, password: str = PASSWORD) -> str:
    result = await data(
        client,
        "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }",
        None,
        e=email,
        p=password,
    )
    token: str = result["login"]["token"]
    return token
