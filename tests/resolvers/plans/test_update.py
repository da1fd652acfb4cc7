from __future__ import annotations

import pytest

from resolvers.errors import NotFound
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from resolvers.plans.update import update_plan
from tests.factories import data, error


async def _plan(org):
    return await create_plan(org.admin, PlanFields(code="basic", name="Basic", currency="EUR"))


@pytest.mark.parametrize(
    ("document", "field"),
    [
        ("mutation($id: ID!) { updatePlan(input: {id: $id, interval: null}) { id } }", "interval"),
        (
            "mutation($id: ID!) { updatePlan(input: {id: $id, amountCents: -1}) { id } }",
            "amountCents",
        ),
        ("mutation($id: ID!) { updatePlan(input: {id: $id, currency: null}) { id } }", "currency"),
    ],
)
async def test_null_or_bad_updates_name_the_field(client, org, document, field):
    plan = await _plan(org)
    failure = await error(client, document, org.key, id=str(plan.id))
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": field}


async def test_the_fields_given_change_and_the_others_stay(client, org):
    plan = await _plan(org)
    document = "mutation($id: ID!) { updatePlan(input: {id: $id, amountCents: 1900, interval: YEARLY}) { code interval amountCents } }"
    changed = await data(client, document, org.key, id=str(plan.id))
    assert changed["updatePlan"] == {"code": "basic", "interval": "YEARLY", "amountCents": 1900}


async def test_another_organizations_plan_is_not_found(org, other_org):
    theirs = await _plan(other_org)
    with pytest.raises(NotFound):
        await update_plan(org.admin, str(theirs.id), PlanFields(name="Mine"))
