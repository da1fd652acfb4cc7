"""What a browser may do with POST /graphql and /console/: media types, caching, framing."""

from __future__ import annotations

import orjson
import pytest

from models import Session
from tests.factories import PASSWORD, gql

LOGIN = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
CREATE = 'mutation { createApiKey(input: {name: "cached?"}) { secret } }'
VIEWER = "{ viewer { fullAccess } }"
GRAPHQL_RESPONSE = "application/graphql-response+json"


def _login_body(email: str) -> bytes:
    return orjson.dumps({"query": LOGIN, "variables": {"e": email, "p": PASSWORD}})


SIMPLE_CONTENT_TYPES = [  # what a page elsewhere can POST without a CORS preflight
    "text/plain",
    "text/plain; charset=utf-8",
    "application/x-www-form-urlencoded",
    "multipart/form-data; boundary=x",
    None,
]


async def test_a_cross_site_simple_post_of_login_is_415_and_logs_nobody_in(client, org):
    for content_type in SIMPLE_CONTENT_TYPES:
        headers = {} if content_type is None else {"Content-Type": content_type}
        response = await client.post(
            "/graphql", content=_login_body(org.admin_email), headers=headers
        )
        assert response.status_code == 415, (content_type, response.text)
        assert response.headers["content-type"] == "application/json"
        assert response.json()["errors"][0]["extensions"]["code"] == "UNSUPPORTED_MEDIA_TYPE"
        assert response.headers["cache-control"] == "no-store"
    assert await Session.filter(member_id=org.admin_id).count() == 0
    json = {"Content-Type": "application/json; charset=utf-8"}
    response = await client.post("/graphql", content=_login_body(org.admin_email), headers=json)
    assert response.status_code == 200 and response.json()["data"]["login"]["token"]


@pytest.mark.parametrize("accept", ["text/html", "application/xml, text/*", "application/json;q=0"])
async def test_an_accept_naming_neither_json_type_is_406(client, org, accept):
    response = await client.post(
        "/graphql",
        json={"query": VIEWER},
        headers={"Authorization": f"Bearer {org.key}", "Accept": accept},
    )
    assert response.status_code == 406, response.text
    assert response.json()["errors"][0]["extensions"]["code"] == "NOT_ACCEPTABLE"


ANSWERS = [  # Accept, and the media type of the answer
    (GRAPHQL_RESPONSE, GRAPHQL_RESPONSE),
    (f"{GRAPHQL_RESPONSE}, application/json;q=0.9", GRAPHQL_RESPONSE),
    ("application/json", "application/json"),
    ("*/*", "application/json"),
    ("application/*", "application/json"),
    (None, "application/json"),
]


async def test_the_answer_has_the_media_type_accept_asks_for(client, org):
    for accept, answered in ANSWERS:
        headers = {"Authorization": f"Bearer {org.key}"}
        client.headers.pop("Accept", None)
        if accept is not None:
            headers["Accept"] = accept
        response = await client.post("/graphql", json={"query": VIEWER}, headers=headers)
        assert response.status_code == 200, (accept, response.text)
        assert response.headers["content-type"] == answered, accept
        assert response.json()["data"]["viewer"]["fullAccess"] is True


async def test_answers_carrying_a_secret_or_a_session_token_are_not_stored(client, org):
    created = await gql(client, CREATE, org.key)
    assert created.json()["data"]["createApiKey"]["secret"]
    logged_in = await gql(client, LOGIN, None, e=org.admin_email, p=PASSWORD)
    assert logged_in.json()["data"]["login"]["token"]
    refused = await gql(client, VIEWER, "lk_live_wrong")
    assert refused.status_code == 401
    for response in (created, logged_in, refused):
        assert response.headers["cache-control"] == "no-store"


@pytest.mark.parametrize("path", ["/console/", "/console/index.html", "/console/js/api.js"])
async def test_the_console_is_served_with_its_security_headers(client, path):
    response = await client.get(path)
    assert response.status_code == 200
    policy = [d.strip() for d in response.headers["content-security-policy"].split(";")]
    assert "frame-ancestors 'none'" in policy
    assert "default-src 'none'" in policy and "script-src 'self'" in policy
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
