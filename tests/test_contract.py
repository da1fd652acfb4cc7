"""The printed schema keeps every name, type and directive of the public contract."""

from __future__ import annotations

from pathlib import Path

import pytest
from graphql import (
    GraphQLEnumType,
    GraphQLInputObjectType,
    GraphQLObjectType,
    GraphQLSchema,
    build_schema,
)

from schema import schema

HERE = Path(__file__).parent
CONTRACT = HERE / "contract" / "api-keys.graphql"
SHARED = HERE.parent.parent / "shared" / "contract" / "api-keys.graphql"


def _directives(node: object) -> set[str]:
    from graphql import print_ast

    return {print_ast(d) for d in getattr(node, "directives", None) or ()}


@pytest.fixture(scope="module")
def ours() -> GraphQLSchema:
    return build_schema(schema.as_str())


@pytest.fixture(scope="module")
def contract() -> GraphQLSchema:
    return build_schema(CONTRACT.read_text())


def test_the_vendored_contract_is_the_shared_one():
    if not SHARED.exists():
        pytest.skip("../shared is not beside this checkout")
    assert CONTRACT.read_text() == SHARED.read_text()


def test_every_contract_type_field_and_argument_is_served(ours, contract):
    missing = []
    for name, wanted in contract.type_map.items():
        if name.startswith("__"):
            continue
        served = ours.type_map.get(name)
        if served is None or type(served) is not type(wanted):
            missing.append(name)
            continue
        if isinstance(wanted, GraphQLEnumType):
            missing += [f"{name}.{v}" for v in wanted.values if v not in served.values]
        if isinstance(wanted, GraphQLObjectType | GraphQLInputObjectType):
            for field_name, field in wanted.fields.items():
                got = served.fields.get(field_name)
                if got is None or str(got.type) != str(field.type):
                    missing.append(f"{name}.{field_name}: {field.type}")
                    continue
                for arg_name, arg in getattr(field, "args", {}).items():
                    got_arg = got.args.get(arg_name)
                    if got_arg is None or str(got_arg.type) != str(arg.type):
                        missing.append(f"{name}.{field_name}({arg_name}: {arg.type})")
                if not _directives(field.ast_node) <= _directives(got.ast_node):
                    missing.append(f"{name}.{field_name} directives")
    assert missing == []


def test_the_directive_is_declared_as_in_the_contract(ours, contract):
    wanted = contract.get_directive("requiresPermission")
    served = ours.get_directive("requiresPermission")
    assert wanted is not None and served is not None
    assert {k: str(a.type) for k, a in served.args.items()} == {
        k: str(a.type) for k, a in wanted.args.items()
    }
    assert served.locations == wanted.locations
