"""Lago's POST /customers: a customer made, or changed in the fields given, by its
external_id."""

from __future__ import annotations

import asyncio

import pytest

from auth.principal import Principal
from models import Customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.upsert import upsert_customer
from resolvers.errors import BadUserInput, Forbidden
from tests.rest.calls import ok, refused


async def test_the_first_post_makes_it_the_next_changes_only_what_it_gives(client, org):
    made = await ok(
        client, "POST", "/customers", org.key, {"customer": {"external_id": "c-1", "name": "Ada"}}
    )
    again = await ok(
        client,
        "POST",
        "/customers",
        org.key,
        {"customer": {"external_id": "c-1", "email": "ada@example.test"}},
    )
    assert again["customer"] == made["customer"] | {"email": "ada@example.test"}
    assert await Customer.filter(organization_id=org.id).count() == 1


async def test_null_clears_a_field(client, org):
    await ok(
        client, "POST", "/customers", org.key, {"customer": {"external_id": "c-1", "name": "Ada"}}
    )
    cleared = await ok(
        client, "POST", "/customers", org.key, {"customer": {"external_id": "c-1", "name": None}}
    )
    assert cleared["customer"]["name"] is None


async def test_its_values_are_checked_as_on_creation(client, org):
    failure = await refused(
        client, 422, "POST", "/customers", org.key, {"customer": {"name": "No id"}}
    )
    assert failure["error_details"] == {"external_id": ["is required"]}
    failure = await refused(
        client,
        422,
        "POST",
        "/customers",
        org.key,
        {"customer": {"external_id": "c", "currency": "euro"}},
    )
    assert list(failure["error_details"]) == ["currency"]


async def test_two_at_once_leave_one_customer(org):
    both = await asyncio.gather(
        *(upsert_customer(org.admin, CustomerFields(external_id="c-1", name=n)) for n in "ab")
    )
    assert len({customer.id for customer in both}) == 1
    assert await Customer.filter(organization_id=org.id).count() == 1


async def test_another_organizations_customer_of_the_same_external_id_is_apart(org, other_org):
    mine = await upsert_customer(org.admin, CustomerFields(external_id="c-1"))
    theirs = await upsert_customer(other_org.admin, CustomerFields(external_id="c-1", name="B"))
    assert mine.id != theirs.id
    await mine.refresh_from_db()
    assert mine.name is None


async def test_it_needs_customer_write(org):
    reader = Principal(org.id, full_access=False, grants=frozenset())
    with pytest.raises(Forbidden):
        await upsert_customer(reader, CustomerFields(external_id="c-1"))


async def test_a_refusal_other_than_a_taken_id_is_not_retried(org):
    with pytest.raises(BadUserInput) as refused_:
        await upsert_customer(org.admin, CustomerFields(external_id="c-1", email="nope"))
    assert refused_.value.extensions == {"field": "email"}
