"""Errors a client can branch on: one list of codes, each with its HTTP status, which the
README's table states; and one code for one mistake, however the input is sent."""

from __future__ import annotations

import inspect
import re

import pytest

import resolvers.errors
from resolvers.codes import ErrorCode
from schema.errors import CODES
from tests import processes
from tests.factories import gql

README = processes.ROOT / "README.md"
_ROW = re.compile(r"^\| `([A-Z_]+)` \| (\d{3}) \| (.+) \|$")


def _readme_table() -> dict[str, int]:
    rows = [_ROW.match(line) for line in README.read_text().splitlines()]
    return {row[1]: int(row[2]) for row in rows if row}


def test_the_readme_states_every_code_with_its_status():
    assert _readme_table() == {code.value: info.status for code, info in CODES.items()}
    assert set(CODES) == set(ErrorCode), "every code has its status and meaning"


def test_every_domain_error_answers_a_listed_code():
    classes = [
        value
        for _, value in inspect.getmembers(resolvers.errors, inspect.isclass)
        if issubclass(value, resolvers.errors.DomainError)
    ]
    assert len(classes) >= 6
    assert {ErrorCode(c.code) for c in classes} <= set(ErrorCode)


SAME_MISTAKES = [
    # (the value inline, the same in $v, $v, the field named: the input field, or for a
    # bare variable the variable itself, which is what the client sent)
    (
        'mutation { rotateApiKey(input: {id: "%s", schedule: SOON}) { secret } }',
        'mutation($v: RotationSchedule!) { rotateApiKey(input: {id: "%s", schedule: $v}) { secret } }',
        "SOON",
        ("schedule", "v"),
    ),
    (
        "mutation { createApiKey(input: {name: 5}) { secret } }",
        "mutation($v: String) { createApiKey(input: {name: $v}) { secret } }",
        5,
        ("name", "v"),
    ),
    (
        '{ apiKeys(first: "ten") { totalCount } }',
        "query($v: Int) { apiKeys(first: $v) { totalCount } }",
        "ten",
        ("first", "v"),
    ),
    (
        'mutation { createMember(input: {email: "a@b.test"}) { id } }',
        "mutation($v: CreateMemberInput!) { createMember(input: $v) { id } }",
        {"email": "a@b.test"},
        ("password", "password"),
    ),
    (
        'mutation { createApiKey(input: {nme: "x"}) { secret } }',
        "mutation($v: CreateApiKeyInput!) { createApiKey(input: $v) { secret } }",
        {"nme": "x"},
        ("nme", "nme"),
    ),
]


@pytest.mark.parametrize(("inline", "variable", "value", "field"), SAME_MISTAKES)
async def test_a_bad_value_inline_or_in_a_variable_is_the_same_error(
    client, org, inline, variable, value, field
):
    inline_doc = inline % org.key_id if "%s" in inline else inline
    variable_doc = variable % org.key_id if "%s" in variable else variable
    written = (await gql(client, inline_doc, org.key)).json()["errors"][0]["extensions"]
    passed = (await gql(client, variable_doc, org.key, v=value)).json()["errors"][0]
    assert written == {"code": "BAD_USER_INPUT", "field": field[0]}
    assert passed["extensions"] == {"code": "BAD_USER_INPUT", "field": field[1]}


async def test_graphql_over_http_answers_400_without_data_for_a_request_that_never_ran(client, org):
    headers = {"Authorization": f"Bearer {org.key}"}
    for accept, status in (("application/graphql-response+json", 400), ("application/json", 200)):
        answer = await client.post(
            "/graphql", json={"query": "{ apiKeys("}, headers={**headers, "Accept": accept}
        )
        assert answer.status_code == status
        assert answer.headers["content-type"].startswith(accept)
        body = answer.json()
        assert body["errors"][0]["extensions"]["code"] == "GRAPHQL_PARSE_FAILED"
        assert ("data" in body) is (accept == "application/json")
    ran = await client.post(
        "/graphql",
        json={"query": '{ apiKey(id: "nope") { id } }'},
        headers={**headers, "Accept": "application/graphql-response+json"},
    )
    assert ran.status_code == 200 and ran.json()["data"] == {"apiKey": None}
