from __future__ import annotations

import pytest

from auth.principal import Principal
from models import PlanInterval
from resolvers.errors import BadUserInput, Forbidden
from resolvers.plans.create import create_plan
from resolvers.plans.fields import PlanFields
from tests.factories import data, error

PLAN = (
    "mutation($i: PlanInput!) { createPlan(input: $i) { id code interval amountCents currency } }"
)
VALUES = {"code": "basic", "name": "Basic", "currency": "EUR"}


async def test_a_plan_is_monthly_and_free_unless_said_otherwise(client, org):
    made = (await data(client, PLAN, org.key, i=VALUES))["createPlan"]
    assert (made["interval"], made["amountCents"]) == ("MONTHLY", 0)
    direct = await create_plan(org.admin, PlanFields(code="direct", name="D", currency="EUR"))
    assert (direct.interval, direct.amount_cents) == (PlanInterval.MONTHLY, 0)


async def test_invalid_input_names_the_field(client, org):
    failure = await error(client, PLAN, org.key, i={**VALUES, "amountCents": -1})
    assert failure["extensions"] == {"code": "BAD_USER_INPUT", "field": "amountCents"}


@pytest.mark.parametrize("field", ["code", "name", "currency"])
async def test_code_name_and_currency_are_required(org, field):
    given = {"code": "p", "name": "P", "currency": "EUR"}
    del given[field]
    with pytest.raises(BadUserInput) as refused:
        await create_plan(org.admin, PlanFields(**given))
    assert refused.value.extensions == {"field": field}


async def test_a_code_is_unique_in_the_organization(org):
    await create_plan(org.admin, PlanFields(code="basic", name="B", currency="EUR"))
    with pytest.raises(BadUserInput) as refused:
        await create_plan(org.admin, PlanFields(code="basic", name="B", currency="EUR"))
    assert refused.value.extensions == {"field": "code"}


async def test_it_needs_plan_write(org):
    with pytest.raises(Forbidden):
        await create_plan(
            Principal(org.id, full_access=False, grants=frozenset()),
            PlanFields(code="p", name="P", currency="EUR"),
        )
