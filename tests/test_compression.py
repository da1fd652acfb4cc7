"""Weight (issue 22): static files and JSON answers gzip-compressed above a size floor;
the console's files revalidated by ETag (304 when unchanged)."""

from __future__ import annotations

from server import CONSOLE_DIR, GZIP_MINIMUM_SIZE

GZIP = {"Accept-Encoding": "gzip"}
INTROSPECTION = "{ __schema { types { name fields { name } } } }"


async def test_console_files_are_compressed_and_revalidated_by_etag(client):
    css = (CONSOLE_DIR / "console.css").read_bytes()
    assert len(css) > GZIP_MINIMUM_SIZE
    response = await client.get("/console/console.css", headers=GZIP)
    assert response.status_code == 200
    assert response.headers["content-encoding"] == "gzip"
    assert response.content == css  # httpx undoes the gzip
    assert int(response.headers["content-length"]) < len(css) / 2
    assert response.headers["cache-control"] == "no-cache"
    etag = response.headers["etag"]
    again = await client.get("/console/console.css", headers={**GZIP, "If-None-Match": etag})
    assert again.status_code == 304
    assert again.content == b""
    plain = await client.get("/console/console.css", headers={"Accept-Encoding": "identity"})
    assert "content-encoding" not in plain.headers
    assert plain.content == css


async def test_json_answers_are_compressed_above_the_floor_only(client, org):
    headers = {**GZIP, "Authorization": f"Bearer {org.key}"}
    big = await client.post("/graphql", json={"query": INTROSPECTION}, headers=headers)
    assert big.status_code == 200
    assert big.headers["content-encoding"] == "gzip"
    assert big.json()["data"]["__schema"]["types"]
    assert int(big.headers["content-length"]) < len(big.content) / 3
    small = await client.post("/graphql", json={"query": "{ __typename }"}, headers=headers)
    assert small.json() == {"data": {"__typename": "Query"}}
    assert "content-encoding" not in small.headers
