from __future__ import annotations

from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.subscriptions.create import create_subscription
from resolvers.subscriptions.fields import SubscriptionFields
from resolvers.subscriptions.load import load_subscriptions, load_subscriptions_of_customers


async def _subscribed(org, external_id: str, plan_id: str, count: int) -> tuple[str, list[str]]:
    customer = await create_customer(org.admin, CustomerFields(external_id=external_id))
    fields = SubscriptionFields(customer_id=str(customer.id), plan_id=plan_id)
    made = [await create_subscription(org.admin, fields) for _ in range(count)]
    return str(customer.id), [str(s.id) for s in made]


async def test_batches_by_id_and_by_customer_newest_first(org, other_org):
    plan = await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))
    theirs = await create_plan(other_org.admin, PlanFields(code="p", name="P", currency="EUR"))
    ada, ada_ids = await _subscribed(org, "ada", str(plan.id), 2)
    bea, _ = await _subscribed(org, "bea", str(plan.id), 0)
    other, other_ids = await _subscribed(other_org, "eve", str(theirs.id), 1)
    by_id = await load_subscriptions(org.id, [*other_ids, ada_ids[0]])
    assert [str(s.id) if s else None for s in by_id] == [None, ada_ids[0]]
    of_customers = await load_subscriptions_of_customers(org.id, [bea, ada, other])
    assert [[str(s.id) for s in group] for group in of_customers] == [[], ada_ids[::-1], []]
