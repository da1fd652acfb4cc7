"""POST /leaks as a scanner sees it: no key, the same answer for every token, a clear 4xx
for a body that is not a list of reports, and a limit per address."""

from __future__ import annotations

from auth.tokens import generate_token
from rest.leaks import REPORTS_PER_WINDOW
from tests.resolvers.api_keys.documents import works


async def test_a_report_needs_no_key_and_is_accepted(client, org):
    response = await client.post("/leaks", json=[{"token": org.key, "url": "https://x.test"}])
    assert response.status_code == 202
    assert response.json() == {"status": 202, "message": "accepted"}
    assert response.headers["cache-control"] == "no-store"
    assert not await works(client, org.key)


async def test_bodies_that_are_not_reports_are_refused_with_a_code(client, org):
    cases = [
        ({"token": org.key}, 400, "expected_array_of_reports"),
        ([], 400, "expected_array_of_reports"),
        (["lk_live_x"], 400, "report_token_missing"),
        ([{"url": "https://x.test"}], 400, "report_token_missing"),
        ([{"token": org.key, "url": 3}], 400, "report_url_or_source_not_a_string"),
    ]
    for body, status, code in cases:
        response = await client.post("/leaks", json=body)
        assert (response.status_code, response.json().get("code")) == (status, code), body
    assert await works(client, org.key), "nothing in a refused body is acted on"
    not_json = await client.post("/leaks", content=b"[", headers={"content-type": "text/plain"})
    assert not_json.status_code == 415
    broken = await client.post("/leaks", content=b"[", headers={"content-type": "application/json"})
    assert (broken.status_code, broken.json()["code"]) == (400, "invalid_json")


async def test_reports_are_limited_per_address(client, org):
    report = [{"token": generate_token("lk", "live")}]
    statuses = [
        (await client.post("/leaks", json=report)).status_code for _ in range(REPORTS_PER_WINDOW)
    ]
    assert statuses == [202] * REPORTS_PER_WINDOW
    # The window slides (auth/throttle.py): a run that straddles a minute's turn counts
    # the earlier minute's reports at a weight below one, so the refusal may come a few
    # reports later; it comes within one more window's worth.
    for _ in range(REPORTS_PER_WINDOW):
        limited = await client.post("/leaks", json=report)
        if limited.status_code != 202:
            break
    assert limited.status_code == 429
    assert int(limited.headers["retry-after"]) >= 1
    assert await works(client, org.key), "the limit on reports is not the key's"


def test_the_readme_regex_for_scanners_finds_every_key_and_nothing_else():
    import re
    from pathlib import Path

    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text()
    section = readme.split("### Leak reports", 1)[1]
    pattern = re.compile(section.split("```\n", 2)[1].strip())
    for kind in ("live", "test"):
        token = generate_token("lk", kind)
        assert pattern.findall(f"API_KEY={token}\n") == [token]
    assert not pattern.search(generate_token("lk", "session"))
    assert not pattern.search("lk_live_" + "a" * 48)
