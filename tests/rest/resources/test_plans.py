"""/api/v1/plans: list, create, get, update and delete by code."""

from __future__ import annotations

from tests.rest.calls import ok, refused

PLAN = {
    "code": "startup",
    "name": "Startup",
    "interval": "yearly",
    "amount_cents": 10000,
    "amount_currency": "USD",
}


async def test_a_plan_as_lago_answers_it(client, org):
    made = (await ok(client, "POST", "/plans", org.key, {"plan": PLAN}))["plan"]
    assert {k: made[k] for k in PLAN} == PLAN
    assert set(made) == set(PLAN) | {"lago_id", "created_at"}
    assert (await ok(client, "GET", "/plans/startup", org.key))["plan"] == made
    assert (await ok(client, "GET", "/plans", org.key))["plans"] == [made]


async def test_update_changes_the_fields_given(client, org):
    await ok(client, "POST", "/plans", org.key, {"plan": PLAN})
    changed = await ok(
        client,
        "PUT",
        "/plans/startup",
        org.key,
        {"plan": {"amount_cents": 1, "interval": "quarterly"}},
    )
    assert changed["plan"]["amount_cents"] == 1 and changed["plan"]["interval"] == "quarterly"
    assert changed["plan"]["name"] == "Startup"
    renamed = await ok(client, "PUT", "/plans/startup", org.key, {"plan": {"code": "growth"}})
    assert renamed["plan"]["code"] == "growth"
    await refused(client, 404, "GET", "/plans/startup", org.key)


async def test_refusals_name_lagos_fields(client, org):
    await ok(client, "POST", "/plans", org.key, {"plan": PLAN})
    taken = await refused(client, 422, "POST", "/plans", org.key, {"plan": PLAN})
    assert taken["error_details"] == {"code": ["already used in this organization"]}
    wrong = await refused(
        client,
        422,
        "POST",
        "/plans",
        org.key,
        {"plan": PLAN | {"code": "b", "amount_currency": "dollars"}},
    )
    assert list(wrong["error_details"]) == ["amount_currency"]
    interval = await refused(
        client, 422, "PUT", "/plans/startup", org.key, {"plan": {"interval": "daily"}}
    )
    assert interval["error_details"] == {
        "interval": ["must be one of weekly, monthly, quarterly, yearly"]
    }
    missing = await refused(client, 422, "POST", "/plans", org.key, {"plan": {"code": "c"}})
    assert missing["error_details"] == {"name": ["is required"]}  # the use case's first


async def test_delete_by_code_and_a_plan_in_use(client, org):
    await ok(client, "POST", "/plans", org.key, {"plan": PLAN})
    await ok(client, "POST", "/customers", org.key, {"customer": {"external_id": "c"}})
    await ok(
        client,
        "POST",
        "/subscriptions",
        org.key,
        {"subscription": {"external_customer_id": "c", "plan_code": "startup", "external_id": "s"}},
    )
    assert (await refused(client, 405, "DELETE", "/plans/startup", org.key))[
        "code"
    ] == "plan_in_use"
    await ok(client, "POST", "/plans", org.key, {"plan": PLAN | {"code": "spare"}})
    assert (await ok(client, "DELETE", "/plans/spare", org.key))["plan"]["code"] == "spare"
    assert (await refused(client, 404, "DELETE", "/plans/spare", org.key))[
        "code"
    ] == "plan_not_found"
