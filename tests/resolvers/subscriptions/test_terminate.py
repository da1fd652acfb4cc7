"""Lago's DELETE /subscriptions/{external_id}: an active subscription is terminated, a
pending one canceled, an ended one left as it is."""

from __future__ import annotations

import pytest

from auth.principal import Principal
from models import SubscriptionStatus
from resolvers import owned
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden, NotFound
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.terminate import terminate_subscription
from tests.rest.calls import ok, refused

S = SubscriptionStatus


async def _subscription(org, status=S.ACTIVE, external_id="s-1"):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="p", name="P", currency="EUR"))
    fields = SubscriptionFields(
        customer_id=str(customer.id), plan_id=str(plan.id), status=status, external_id=external_id
    )
    return await create_subscription(org.admin, fields)


async def test_an_active_subscription_is_terminated_by_its_external_id(client, org):
    await _subscription(org)
    ended = await ok(client, "DELETE", "/subscriptions/s-1", org.key)
    assert ended["subscription"]["status"] == "terminated"
    again = await ok(client, "DELETE", "/subscriptions/s-1", org.key)
    assert again == ended


@pytest.mark.parametrize(
    ("status", "ended"),
    [
        (S.ACTIVE, S.TERMINATED),
        (S.PENDING, S.CANCELED),
        (S.CANCELED, S.CANCELED),
        (S.TERMINATED, S.TERMINATED),
    ],
)
async def test_what_ending_makes_of_each_status(org, status, ended):
    made = await _subscription(org, status)
    assert (await terminate_subscription(org.admin, str(made.id))).status == ended


async def test_another_organizations_subscription_is_not_found(client, org, other_org):
    await _subscription(org)
    failure = await refused(client, 404, "DELETE", "/subscriptions/s-1", other_org.key)
    assert failure["code"] == "subscription_not_found"
    with pytest.raises(NotFound):
        await terminate_subscription(other_org.admin, owned.By("external_id", "s-1"))


async def test_it_needs_subscription_write(org):
    made = await _subscription(org)
    with pytest.raises(Forbidden):
        await terminate_subscription(
            Principal(org.id, full_access=False, grants=frozenset()), str(made.id)
        )
