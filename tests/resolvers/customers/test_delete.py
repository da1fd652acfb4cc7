from __future__ import annotations

from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from tests.factories import data, error

DELETE = "mutation($id: ID!) { deleteCustomer(id: $id) { id } }"
READ = "query($id: ID!) { customer(id: $id) { id } }"


async def test_a_deleted_customer_is_gone(client, org):
    made = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    assert (await data(client, DELETE, org.key, id=str(made.id))) == {
        "deleteCustomer": {"id": str(made.id)}
    }
    assert (await data(client, READ, org.key, id=str(made.id))) == {"customer": None}


async def test_a_customer_with_subscriptions_is_a_conflict(client, org):
    customer = await create_customer(org.admin, CustomerFields(external_id="c-1"))
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    await create_subscription(
        org.admin, SubscriptionFields(customer_id=str(customer.id), plan_id=str(plan.id))
    )
    busy = await error(client, DELETE, org.key, id=str(customer.id))
    assert busy["extensions"]["code"] == "CONFLICT"


async def test_another_organizations_customer_is_not_found(client, org, other_org):
    theirs = await create_customer(other_org.admin, CustomerFields(external_id="c-1"))
    failure = await error(client, DELETE, org.key, id=str(theirs.id))
    assert failure["extensions"]["code"] == "NOT_FOUND"
    assert (await data(client, READ, other_org.key, id=str(theirs.id))) == {
        "customer": {"id": str(theirs.id)}
    }
