from __future__ import annotations

from datetime import UTC, datetime

import pytest

from auth.principal import Principal
from models import SubscriptionStatus
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import Forbidden, NotFound
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from tests.factories import data, error

SUBSCRIPTION = "mutation($i: SubscriptionInput!) { createSubscription(input: $i) { id status customer { externalId } plan { code } } }"


async def _customer_and_plan(org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    return {"customerId": str(customer.id), "planId": str(plan.id)}


async def test_a_subscription_links_a_customer_and_a_plan(client, org):
    made = await data(client, SUBSCRIPTION, org.key, i=await _customer_and_plan(org))
    made = made["createSubscription"]
    assert made["customer"] == {"externalId": "c-1"} and made["plan"] == {"code": "basic"}
    assert made["status"] == "ACTIVE"


async def test_an_unknown_customer_is_not_found_naming_the_field(client, org):
    values = {"customerId": "00000000-0000-0000-0000-000000000000", "planId": "x"}
    failure = await error(client, SUBSCRIPTION, org.key, i=values)
    assert failure["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}


async def test_another_organizations_customer_is_not_found(client, org, other_org):
    ids = await _customer_and_plan(org)
    foreign = await error(client, SUBSCRIPTION, other_org.key, i=ids)
    assert foreign["extensions"] == {"code": "NOT_FOUND", "field": "customerId"}
    theirs = await create_customer(other_org.admin, CustomerFields(external_id="c-1"))
    with pytest.raises(NotFound) as refused:
        await create_subscription(
            other_org.admin, SubscriptionFields(customer_id=str(theirs.id), plan_id=ids["planId"])
        )
    assert refused.value.extensions == {"field": "planId"}


async def test_a_null_start_and_status_mean_now_and_active(org):
    ids = await _customer_and_plan(org)
    before = datetime.now(UTC)
    made = await create_subscription(
        org.admin,
        SubscriptionFields(
            customer_id=ids["customerId"], plan_id=ids["planId"], status=None, started_at=None
        ),
    )
    assert made.status == SubscriptionStatus.ACTIVE and made.started_at >= before


async def test_it_needs_subscription_write(org):
    with pytest.raises(Forbidden):
        await create_subscription(
            Principal(org.id, full_access=False, grants=frozenset()), SubscriptionFields()
        )
