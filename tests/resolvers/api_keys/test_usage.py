"""ApiKey.usage: the series matches the requests sent, by outcome and by operation; one
row per key, minute and outcome however many flushes; another organization sees nothing."""

from __future__ import annotations

from collections import Counter
from datetime import UTC, datetime, timedelta

from auth.grants import Access, PermissionObject
from models import ApiKey, ApiKeyUsage
from models.usage import add_usage
from resolvers.api_keys.limits import Credits, RateLimit
from tests.factories import data, gql, make_key

USAGE = (
    "query($id: ID!, $f: DateTime!, $t: DateTime!, $g: UsageGranularity!, $o: Boolean!) "
    "{ apiKey(id: $id) { usage(from: $f, to: $t, granularity: $g, byOperation: $o) "
    "{ start outcome count operation } } }"
)
VIEWER = "{ viewer { fullAccess } }"
MEMBERS = "{ members { totalCount } }"


async def _usage(client, token, key_id, granularity="MINUTE", by_operation=False):
    now = datetime.now(UTC)
    variables = {
        "id": key_id,
        "f": (now - timedelta(hours=1)).isoformat(),
        "t": (now + timedelta(minutes=1)).isoformat(),
        "g": granularity,
        "o": by_operation,
    }
    return (await data(client, USAGE, token, **variables))["apiKey"]["usage"]


def _by(buckets, *fields):
    totals: Counter = Counter()
    for bucket in buckets:
        key = tuple(bucket[f] for f in fields)
        totals[key[0] if len(key) == 1 else key] += bucket["count"]
    return dict(totals)


async def test_the_series_matches_the_requests_sent_by_outcome(client, org, services):
    key_id, secret = await make_key(
        org,
        services,
        [(PermissionObject.API_KEY, Access.READ)],
        rate_limit=RateLimit(6, 3600),
    )
    spent_id, spent = await make_key(org, services, None, credits=Credits(1))
    for _ in range(3):
        assert (await gql(client, VIEWER, secret)).status_code == 200
    assert (await gql(client, MEMBERS, secret)).json()["errors"][0]["extensions"]["code"] == (
        "FORBIDDEN"
    )
    customers = await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {secret}"})
    assert customers.status_code == 403
    assert (await gql(client, VIEWER, secret)).status_code == 200
    for _ in range(2):
        assert (await gql(client, VIEWER, secret)).status_code == 429
    assert [(await gql(client, VIEWER, spent)).status_code for _ in range(2)] == [200, 429]
    await services.activity.flush()

    for granularity in ("MINUTE", "HOUR", "DAY"):
        buckets = await _usage(client, org.key, key_id, granularity)
        assert _by(buckets, "outcome") == {"VALID": 4, "FORBIDDEN": 2, "RATE_LIMITED": 2}
    by_operation = await _usage(client, org.key, key_id, "HOUR", by_operation=True)
    assert _by(by_operation, "outcome", "operation") == {
        ("VALID", "viewer"): 4,
        ("FORBIDDEN", "members"): 1,
        ("FORBIDDEN", "findAllCustomers"): 1,
        ("RATE_LIMITED", "viewer"): 2,
    }
    assert _by(await _usage(client, org.key, spent_id), "outcome") == {
        "VALID": 1,
        "USAGE_EXCEEDED": 1,
    }
    starts = [b["start"] for b in await _usage(client, org.key, key_id, "HOUR")]
    assert all(s.endswith(":00:00Z") or s.endswith(":00:00+00:00") for s in starts), starts


async def test_one_row_per_key_minute_and_outcome_across_flushes(client, org, services):
    key_id, secret = await make_key(org, services, None)
    for _ in range(3):
        for _ in range(2):
            assert (await gql(client, VIEWER, secret)).status_code == 200
        await services.activity.flush()
    rows = await ApiKeyUsage.filter(api_key_id=key_id).values_list("minute", "outcome", "count")
    assert len({(minute, outcome) for minute, outcome, _ in rows}) == len(rows)
    assert sum(count for _, _, count in rows) == 6
    assert len(rows) <= 2, "at most one row per minute the test spans"


async def test_another_organization_sees_no_usage(client, org, other_org, services):
    assert (await gql(client, VIEWER, org.key)).status_code == 200
    await services.activity.flush()
    assert _by(await _usage(client, org.key, org.key_id), "outcome")["VALID"] >= 1
    now = datetime.now(UTC)
    answer = await data(
        client,
        USAGE,
        other_org.key,
        id=org.key_id,
        f=(now - timedelta(hours=1)).isoformat(),
        t=now.isoformat(),
        g="MINUTE",
        o=False,
    )
    assert answer == {"apiKey": None}


async def test_ranges_out_of_bounds_are_bad_user_input(client, org):
    now = datetime.now(UTC)
    for start, end, granularity in (
        (now, now - timedelta(hours=1), "HOUR"),
        (now - timedelta(days=30), now, "MINUTE"),
    ):
        answer = await gql(
            client,
            USAGE,
            org.key,
            id=org.key_id,
            f=start.isoformat(),
            t=end.isoformat(),
            g=granularity,
            o=False,
        )
        error = answer.json()["errors"][0]
        assert (
            error["extensions"]["code"] == "BAD_USER_INPUT" and error["extensions"]["field"] == "to"
        )


async def test_refused_keys_count_as_expired_or_unauthorized_ip(client, org, services):
    outside_id, outside = await make_key(org, services, None, allowed_ips=["198.51.100.0/24"])
    expired_id, expired = await make_key(org, services, None)
    revoked_id, revoked = await make_key(org, services, None)
    await ApiKey.filter(id=expired_id).update(expires_at=datetime.now(UTC) - timedelta(seconds=1))
    destroyed = await data(
        client, "mutation($id: ID!) { destroyApiKey(id: $id) { status } }", org.key, id=revoked_id
    )
    assert destroyed["destroyApiKey"]["status"] == "REVOKED"
    for secret in (outside, expired, revoked):
        assert (await gql(client, VIEWER, secret)).status_code == 401
        rest = await client.get("/api/v1/customers", headers={"Authorization": f"Bearer {secret}"})
        assert rest.status_code == 401
    await services.activity.flush()
    # destroyApiKey erases the secrets: a destroyed key's token is then no key's at all.
    assert await _usage(client, org.key, revoked_id, "HOUR") == []
    for key_id, outcome in ((outside_id, "UNAUTHORIZED_IP"), (expired_id, "EXPIRED")):
        buckets = await _usage(client, org.key, key_id, "HOUR", by_operation=True)
        assert _by(buckets, "outcome", "operation") == {
            (outcome, "viewer"): 1,
            (outcome, "findAllCustomers"): 1,
        }


async def test_buckets_sum_the_minutes_they_hold(client, org):
    day = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0) - timedelta(days=2)
    for at, outcome, count in (
        (day + timedelta(hours=3, minutes=1), "VALID", 2),
        (day + timedelta(hours=3, minutes=59), "VALID", 3),
        (day + timedelta(hours=3, minutes=59), "FORBIDDEN", 1),
        (day + timedelta(hours=5), "VALID", 4),
        (day + timedelta(days=1, hours=1), "VALID", 5),
    ):
        await add_usage(org.key_id, org.id, at, outcome, count, {"viewer": count})
    window = {"f": day.isoformat(), "t": (day + timedelta(days=2)).isoformat(), "o": False}

    async def series(granularity: str) -> list[tuple[str, str, int]]:
        answer = await data(client, USAGE, org.key, id=org.key_id, g=granularity, **window)
        return [
            (datetime.fromisoformat(b["start"]).isoformat(), b["outcome"], b["count"])
            for b in answer["apiKey"]["usage"]
        ]

    iso = lambda moment: moment.isoformat()  # noqa: E731
    assert await series("HOUR") == [
        (iso(day + timedelta(hours=3)), "FORBIDDEN", 1),
        (iso(day + timedelta(hours=3)), "VALID", 5),
        (iso(day + timedelta(hours=5)), "VALID", 4),
        (iso(day + timedelta(days=1, hours=1)), "VALID", 5),
    ]
    assert await series("DAY") == [
        (iso(day), "FORBIDDEN", 1),
        (iso(day), "VALID", 9),
        (iso(day + timedelta(days=1)), "VALID", 5),
    ]


async def test_hour_and_day_series_equal_the_minute_sums_across_flushes(client, org, services):
    key_id, secret = await make_key(org, services, None, rate_limit=RateLimit(5, 3600))
    for _ in range(3):
        for _ in range(3):
            await gql(client, VIEWER, secret)
        await gql(client, MEMBERS, secret)
        await services.activity.flush()
    for fields in (("outcome",), ("outcome", "operation")):
        by_operation = len(fields) == 2
        minutes = _by(await _usage(client, org.key, key_id, "MINUTE", by_operation), *fields)
        assert sum(minutes.values()) == 12
        for granularity in ("HOUR", "DAY"):
            assert (
                _by(await _usage(client, org.key, key_id, granularity, by_operation), *fields)
                == minutes
            )


async def test_an_hour_cut_by_to_counts_only_its_minutes_before_to(client, org):
    hour = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) - timedelta(hours=3)
    for minutes, count in ((10, 2), (30, 3), (45, 4)):
        at = hour + timedelta(minutes=minutes)
        await add_usage(org.key_id, org.id, at, "VALID", count, {"viewer": count})
    window = {"f": (hour - timedelta(hours=1)).isoformat(), "o": False}
    for granularity in ("HOUR", "DAY"):
        for to, seen in ((30, 2), (31, 5), (60, 9)):
            t = (hour + timedelta(minutes=to)).isoformat()
            answer = await data(client, USAGE, org.key, id=org.key_id, g=granularity, t=t, **window)
            assert sum(b["count"] for b in answer["apiKey"]["usage"]) == seen
