"""CORS: front ends on the listed origins call the API with a Bearer key; others cannot."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from server import create_app
from settings import SettingError, Settings, load_settings
from tests import processes
from tests.browsers import chromium

PREFLIGHT = {
    "Access-Control-Request-Method": "POST",
    "Access-Control-Request-Headers": "authorization, content-type",
}
PAGE = """<!doctype html><meta charset="utf-8"><title>front end</title><pre id="out">...</pre>
<script>
fetch("{api}/graphql", {{
  method: "POST",
  headers: {{"Authorization": "Bearer {key}", "Content-Type": "application/json"}},
  body: JSON.stringify({{query: "{{ viewer {{ fullAccess }} }}"}}),
}}).then(r => r.json()).then(
  body => document.getElementById("out").textContent = JSON.stringify(body.data),
  error => document.getElementById("out").textContent = "blocked: " + error.message,
);
</script>"""


async def _preflight(settings: Settings, origin: str) -> httpx.Response:
    transport = httpx.ASGITransport(app=create_app(settings, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        return await client.options("/graphql", headers={"Origin": origin, **PREFLIGHT})


async def test_a_listed_origin_passes_the_preflight_which_is_cached(settings):
    listed = Settings(**{**vars(settings), "cors_origins": ("https://app.example",)})
    answer = await _preflight(listed, "https://app.example")
    assert answer.status_code == 200
    assert answer.headers["access-control-allow-origin"] == "https://app.example"
    allowed = answer.headers["access-control-allow-headers"].lower()
    assert "authorization" in allowed and "content-type" in allowed
    assert int(answer.headers["access-control-max-age"]) >= 600


async def test_rest_updates_and_deletes_pass_the_preflight(settings):
    listed = Settings(**{**vars(settings), "cors_origins": ("https://app.example",)})
    transport = httpx.ASGITransport(app=create_app(listed, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        for method in ("PUT", "DELETE"):
            answer = await client.options(
                "/api/v1/plans/basic",
                headers={
                    "Origin": "https://app.example",
                    "Access-Control-Request-Method": method,
                    "Access-Control-Request-Headers": "authorization",
                },
            )
            assert answer.status_code == 200, method
            assert method in answer.headers["access-control-allow-methods"]


async def test_another_origin_is_refused_and_none_by_default(settings):
    listed = Settings(**{**vars(settings), "cors_origins": ("https://app.example",)})
    refused = await _preflight(listed, "https://evil.example")
    assert refused.status_code == 400 and "access-control-allow-origin" not in refused.headers
    default = await _preflight(settings, "https://app.example")
    assert "access-control-allow-origin" not in default.headers


@pytest.mark.parametrize(
    "value", ["app.example", "https://app.example/path", "ftp://app.example", "https://"]
)
def test_a_malformed_origin_stops_the_start(value):
    with pytest.raises(SettingError, match="CORS_ORIGINS"):
        load_settings({"DATABASE_URL": "sqlite://:memory:", "CORS_ORIGINS": value})


def test_origins_are_read_from_the_environment():
    origins = "https://app.example, http://localhost:5173/"
    loaded = load_settings({"DATABASE_URL": "sqlite://:memory:", "CORS_ORIGINS": origins})
    assert loaded.cors_origins == ("https://app.example", "http://localhost:5173")


@contextmanager
def static_site(directory: Path) -> Iterator[str]:
    """A second local origin serving `directory`."""
    handler = partial(SimpleHTTPRequestHandler, directory=str(directory))
    site = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=site.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{site.server_address[1]}"
    finally:
        site.shutdown()
        site.server_close()


@pytest.mark.e2e
@pytest.mark.browser
async def test_a_front_end_on_a_listed_origin_calls_the_api_and_another_is_blocked(tmp_path):
    pages = tmp_path / "site"
    pages.mkdir()
    with static_site(pages) as listed, static_site(pages) as other:
        async with processes.environment("sqlite", tmp_path) as env:
            admin = processes.bootstrap(env)
            env["CORS_ORIGINS"] = listed
            with processes.serving(env, tmp_path / "serve.log") as api:
                page_text = PAGE.format(api=api, key=admin["api_key"])
                (pages / "index.html").write_text(page_text)
                async with chromium() as browser:
                    seen: dict[str, str | None] = {}
                    for origin in (listed, other):
                        page = await browser.new_page()
                        await page.goto(f"{origin}/index.html")
                        out = page.locator("#out")
                        await out.filter(has_not_text="...").wait_for()
                        seen[origin] = await out.text_content()
                        await page.close()
    assert seen[listed] == '{"viewer":{"fullAccess":true}}'
    assert (seen[other] or "").startswith("blocked:")


async def test_a_front_end_on_a_listed_origin_may_read_its_keys_limits(settings, org):
    listed = Settings(**{**vars(settings), "cors_origins": ("https://app.example",)})
    transport = httpx.ASGITransport(app=create_app(listed, manage_database=False))
    async with httpx.AsyncClient(transport=transport, base_url="http://api.test") as client:
        answer = await client.post(
            "/graphql",
            json={"query": "{ viewer { fullAccess } }"},
            headers={"Origin": "https://app.example", "Authorization": f"Bearer {org.key}"},
        )
    exposed = answer.headers["access-control-expose-headers"].lower()
    assert {"ratelimit", "ratelimit-policy", "retry-after"} <= {
        name.strip() for name in exposed.split(",")
    }
