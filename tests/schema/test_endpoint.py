"""POST /graphql (schema/endpoint.py): the bearer token, the body, the document; every
malformed request gets a coded 4xx."""

from __future__ import annotations

import httpx
import pytest

from auth.tokens import generate_token
from tests.factories import data, gql

VIEWER = "{ viewer { fullAccess } }"


async def test_a_valid_key_authenticates(client, org):
    assert (await data(client, VIEWER, org.key))["viewer"]["fullAccess"] is True


def _assert_unauthenticated(response: httpx.Response) -> None:
    assert response.status_code == 401, response.text
    assert response.headers["www-authenticate"] == "Bearer"
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


@pytest.mark.parametrize(
    "header",
    [
        None,
        "",
        "Bearer",
        "Bearer ",
        "Basic dXNlcjpwYXNz",
        "Bearer not-a-token",
        "Bearer lk_live_" + "a" * 49,
        "Token " + "lk_live_" + "a" * 49,
        "Bearer " + "x" * 5000,
    ],
)
async def test_a_malformed_authorization_header_is_401(client, org, header):
    headers = {} if header is None else {"Authorization": header}
    _assert_unauthenticated(await client.post("/graphql", json={"query": VIEWER}, headers=headers))


async def test_a_wrong_checksum_is_refused(client, org):
    tampered = org.key[:-1] + ("a" if org.key[-1] != "a" else "b")
    _assert_unauthenticated(await gql(client, VIEWER, tampered))


async def test_an_unknown_well_formed_key_and_session_are_refused(client, org):
    _assert_unauthenticated(await gql(client, VIEWER, generate_token("lk", "live")))
    _assert_unauthenticated(await gql(client, VIEWER, generate_token("lk", "session")))


async def test_a_token_used_as_the_other_kind_is_refused(client, org):
    as_session = org.key.replace("_live_", "_session_", 1)
    _assert_unauthenticated(await gql(client, VIEWER, as_session))


def _json_with(token: str) -> dict[str, str]:
    """Raw bodies declared JSON: any other Content-Type is refused first (415)."""
    return {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}


async def test_a_body_over_one_megabyte_is_413(client, org):
    huge = b'{"query": "' + b" " * 10_000_000 + b'{ viewer { fullAccess } }"}'
    response = await client.post("/graphql", content=huge, headers=_json_with(org.key))
    assert response.status_code == 413
    assert response.json()["errors"][0]["extensions"]["code"] == "PAYLOAD_TOO_LARGE"


@pytest.mark.parametrize(
    "body",
    [
        b"not json",
        b"[1, 2]",
        b'{"query": 3}',
        b'{"query": "{ viewer { fullAccess } }", "variables": 3}',
        b"",
    ],
)
async def test_a_body_that_is_not_a_graphql_request_is_400(client, org, body):
    response = await client.post("/graphql", content=body, headers=_json_with(org.key))
    assert response.status_code == 400
    assert response.json()["errors"][0]["extensions"]["code"] == "BAD_REQUEST"


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("{ viewer { ", "GRAPHQL_PARSE_FAILED"),
        ("{ nope }", "GRAPHQL_VALIDATION_FAILED"),
        (
            "{ " + " ".join(f"a{i}: viewer {{ fullAccess }}" for i in range(40)) + " }",
            "TOO_MANY_ALIASES",
        ),
        ("{ viewer { " + "x " * 6000 + "} }", "QUERY_TOO_LARGE"),
    ],
)
async def test_bad_queries_get_a_code(client, org, query, code):
    body = (await gql(client, query, org.key)).json()
    assert body["errors"][0]["extensions"]["code"] == code


async def test_a_badly_typed_variable_is_bad_user_input_naming_it(client, org):
    query = "query($n: Int) { apiKeys(first: $n) { totalCount } }"
    body = (await gql(client, query, org.key, n="many")).json()
    assert body["errors"][0]["extensions"] == {"code": "BAD_USER_INPUT", "field": "n"}


async def test_introspection_works_without_a_token_for_graphiql(client):
    response = await client.post("/graphql", json={"query": "{ __schema { queryType { name } } }"})
    assert response.status_code == 200
    assert response.json()["data"]["__schema"]["queryType"]["name"] == "Query"
