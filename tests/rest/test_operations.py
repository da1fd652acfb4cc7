"""Each operation's `x-required-permission` is the grant its use case asks the policy for
first, and the door answers as that says: 403 with Lago's code without it, never 403 with
just it. A new operation fails here until both hold."""

from __future__ import annotations

import ast
import inspect
import textwrap
from typing import Any

import pytest

from auth.grants import BILLING_OBJECTS, Access
from resolvers import policy
from rest.operations import Operation
from rest.resources import OPERATIONS
from tests.rest.calls import key_with, rest

IDS = [f"{o.method} {o.path}" for o in OPERATIONS]


def _asked_first(use_case: Any) -> tuple[Any, Any]:
    """The (object, access) of the `policy.require(...)` the use case starts with."""
    function = ast.parse(textwrap.dedent(inspect.getsource(use_case))).body[0]
    assert isinstance(function, ast.AsyncFunctionDef)
    body = function.body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    call = body[0].value  # type: ignore[attr-defined]
    assert isinstance(call, ast.Call) and ast.unparse(call.func) == "policy.require", ast.unparse(
        body[0]
    )
    names = use_case.__globals__
    assert names["policy"] is policy
    return tuple(eval(ast.unparse(arg), names) for arg in call.args[1:3])


@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
def test_the_declared_permission_is_the_use_cases_first_check(operation: Operation):
    assert _asked_first(operation.use_case) == operation.permission


def _request(operation: Operation) -> tuple[str, Any]:
    path = operation.path.replace("{", "").replace("}", "")  # /customers/external_id
    body: Any = None
    if operation.body is not None:
        body = {operation.body.root: [] if operation.body.many else {}}
    return path, body


@pytest.mark.parametrize("operation", OPERATIONS, ids=IDS)
async def test_without_its_permission_403_and_with_it_alone_never(client, org, services, operation):
    obj, access = operation.permission
    # Every billing grant but this one: READ_WRITE on the others, the other access on its object.
    others = [(o, Access.READ_WRITE) for o in BILLING_OBJECTS if o != obj]
    other_access = Access.WRITE if access == Access.READ else Access.READ
    lacking = await key_with(org, services, *others, (obj, other_access))
    holding = await key_with(org, services, (obj, access))
    path, body = _request(operation)
    denied = await rest(client, operation.method, path, lacking, body)
    assert denied.status_code == 403, denied.text
    assert denied.json() == {
        "status": 403,
        "error": "Forbidden",
        "code": f"{obj.value}_{access.value}_forbidden".lower(),
    }
    allowed = await rest(client, operation.method, path, holding, body)
    assert allowed.status_code != 403 and allowed.status_code in operation.statuses | {200}, (
        allowed.text
    )
