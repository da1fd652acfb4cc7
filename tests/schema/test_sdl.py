"""The printed SDL reads right in standard tools: the billing object type named
`Subscription` is not taken for the subscription root."""

from __future__ import annotations

from graphql import build_schema, graphql

from tests.factories import data


async def test_the_sdl_names_its_roots_and_has_no_subscription_root(client):
    sdl = (await client.get("/graphql/schema.graphql")).text
    built = build_schema(sdl)
    assert built.subscription_type is None
    assert built.query_type is not None and built.mutation_type is not None
    assert (built.query_type.name, built.mutation_type.name) == ("Query", "Mutation")
    assert "Subscription" in built.type_map, "the billing type is still there, as a type"
    introspected = await graphql(built, "{ __schema { subscriptionType { name } } }")
    assert introspected.data == {"__schema": {"subscriptionType": None}}


async def test_the_service_agrees_that_it_has_no_subscription_root(client):
    roots = await data(
        client,
        "{ __schema { queryType { name } mutationType { name } subscriptionType { name } } }",
        None,
    )
    assert roots["__schema"] == {
        "queryType": {"name": "Query"},
        "mutationType": {"name": "Mutation"},
        "subscriptionType": None,
    }
