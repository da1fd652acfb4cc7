"""Each guard's requirement is written at the end of its field's description, from the
same object that prints the directive, so GraphiQL's docs and introspection say it too."""

from __future__ import annotations

from graphql import build_schema, print_ast

from schema import schema
from tests.factories import data

INTROSPECTION = (
    "{ __schema { types { name fields { name description } inputFields { name description } } } }"
)


def _requirements_in_sdl() -> dict[str, str]:
    """`Type.field` -> the requirement its directive states, read from the printed SDL."""
    printed = build_schema(schema.as_str())
    wanted = {}
    for type_name, graphql_type in printed.type_map.items():
        fields = getattr(graphql_type, "fields", None) or {}
        for field_name, field in fields.items():
            if field.ast_node is None:  # introspection's own types
                continue
            for directive in field.ast_node.directives or ():
                name = directive.name.value
                if name == "requiresAdminSession":
                    wanted[f"{type_name}.{field_name}"] = "an admin session"
                elif name == "requiresPermission":
                    arguments = {a.name.value: print_ast(a.value) for a in directive.arguments}
                    requirement = f"{arguments['object']} {arguments['access']}"
                    wanted[f"{type_name}.{field_name}"] = requirement
    return wanted


async def test_introspection_describes_every_guarded_field_with_its_directive(client):
    types = (await data(client, INTROSPECTION, None))["__schema"]["types"]
    described = {
        f"{t['name']}.{f['name']}": f["description"] or ""
        for t in types
        for f in (t["fields"] or []) + (t["inputFields"] or [])
    }
    wanted = _requirements_in_sdl()
    assert len(wanted) > 40, "the walk must see the guarded fields"
    for field, requirement in wanted.items():
        assert described[field].endswith(f"Requires: {requirement}"), (field, described[field])
    unguarded = [f for f, text in described.items() if f not in wanted and "Requires:" in text]
    assert unguarded == [], "a requirement line without its directive"


def test_the_docs_say_it_in_the_words_an_integrator_reads():
    printed = schema.as_str()
    assert '"""Requires: API_KEY READ"""\n  apiKeys(' in printed
    assert '"""Requires: an admin session"""\n  revealApiKey(' not in printed, "has a description"
    assert "Requires: an admin session" in printed.split("revealApiKey(")[0].rsplit('"""', 2)[1]
