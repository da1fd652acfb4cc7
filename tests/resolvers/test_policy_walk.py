"""No mutation bypasses the policy module: the use case behind every mutation field calls
a guard of resolvers/policy.py as its first statement. A new mutation fails here until
its use case does."""

from __future__ import annotations

import ast
import inspect
import textwrap
from collections.abc import Callable, Iterator
from types import FunctionType, ModuleType
from typing import Any

from resolvers import policy
from schema import schema

# Open to anyone (login; a token from an e-mail: acceptInvitation, resetPassword; nothing at
# all: requestPasswordReset) or about the caller's own session only (logout).
OPEN = {
    "login",
    "logout",
    "acceptInvitation",
    "requestPasswordReset",
    "resetPassword",
}


def _function_ast(function: Callable[..., Any]) -> ast.AsyncFunctionDef | ast.FunctionDef:
    tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    node = tree.body[0]
    assert isinstance(node, ast.AsyncFunctionDef | ast.FunctionDef)
    return node


def _resolve(node: ast.expr, names: dict[str, Any]) -> Any:
    """What a called name (`f` or `module.f`) refers to in the function's globals."""
    if isinstance(node, ast.Name):
        return names.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, names)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _names(function: FunctionType) -> dict[str, Any]:
    """What the function's names refer to: its globals, and the variables it closes over
    (a resolver made by a factory, such as schema/billing/fields.py's, calls its use case
    through one)."""
    return {**function.__globals__, **inspect.getclosurevars(function).nonlocals}


def _use_cases(resolver: FunctionType) -> Iterator[FunctionType]:
    """The functions of resolvers/ (other than the policy) that a schema field calls."""
    names = _names(resolver)
    for node in ast.walk(_function_ast(resolver)):
        if isinstance(node, ast.Call):
            target = _resolve(node.func, names)
            if (
                isinstance(target, FunctionType)
                and target.__module__.startswith("resolvers.")
                and target.__module__ != policy.__name__
            ):
                yield target


def _first_statement_calls_policy(use_case: FunctionType) -> bool:
    body = _function_ast(use_case).body
    if isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # the docstring
    first = body[0]
    if not isinstance(first, ast.Expr):
        return False
    call = first.value.value if isinstance(first.value, ast.Await) else first.value
    if not isinstance(call, ast.Call):
        return False
    target = _resolve(call.func, _names(use_case))
    return isinstance(target, FunctionType) and target.__module__ == policy.__name__


def _mutation_resolvers() -> dict[str, FunctionType]:
    mutation = schema.get_type_by_name("Mutation")
    assert mutation is not None and hasattr(mutation, "fields")
    resolvers = {}
    for field in mutation.fields:
        assert field.base_resolver is not None, field.name
        function = field.base_resolver.wrapped_func
        assert isinstance(function, FunctionType), field.name
        resolvers[schema.config.name_converter.get_graphql_name(field)] = function
    return resolvers


def test_every_mutation_calls_a_use_case_that_asks_the_policy_first():
    unguarded = []
    for name, resolver in _mutation_resolvers().items():
        if name in OPEN:
            continue
        use_cases = list(_use_cases(resolver))
        if not use_cases:
            unguarded.append(f"{name}: calls no use case in resolvers/")
        unguarded += [
            f"{name}: {use_case.__module__}.{use_case.__name__} does not call the policy first"
            for use_case in use_cases
            if not _first_statement_calls_policy(use_case)
        ]
    assert unguarded == []


def test_the_walk_sees_a_guard_and_a_bypass():
    resolvers = _mutation_resolvers()
    assert {"createApiKey", "createMember", "ingestEvents", "updateOrganization"} <= set(resolvers)
    (create,) = _use_cases(resolvers["createApiKey"])
    assert _first_statement_calls_policy(create)
    (made_by_a_factory,) = _use_cases(resolvers["createCustomer"])
    assert made_by_a_factory.__module__ == "resolvers.customers.create"
    assert _first_statement_calls_policy(made_by_a_factory)

    async def bypass(principal: object) -> None:
        await policy_free()

    async def policy_free() -> None:
        return None

    assert not _first_statement_calls_policy(bypass)  # type: ignore[arg-type]
    assert isinstance(policy, ModuleType)
