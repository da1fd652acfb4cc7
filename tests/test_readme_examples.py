"""The README's examples of calling the API (curl, Python gql, browser fetch) run against a
real server, so they cannot rot."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests import processes
from tests.browsers import chromium

pytestmark = pytest.mark.e2e
README = processes.ROOT / "README.md"
DOCUMENTED = "http://127.0.0.1:8000"


def _examples() -> dict[str, str]:
    """The fenced blocks of the README's "Calling the API" section, by language."""
    text = README.read_text()
    section = text.split("## Calling the API", 1)[1].split("\n## ", 1)[0]
    blocks = dict(re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S))
    assert set(blocks) == {"sh", "python", "js"}, blocks.keys()
    return blocks


@pytest.fixture(scope="module")
async def served(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, str]]:
    """(base URL, an API key) of a real server on SQLite."""
    tmp_path = tmp_path_factory.mktemp("readme")
    async with processes.environment("sqlite", tmp_path) as env:
        admin = processes.bootstrap(env)
        with processes.serving(env, tmp_path / "serve.log") as base:
            yield base, admin["api_key"]


def _run(command: list[str], key: str) -> str:
    done = subprocess.run(
        command,
        env={**os.environ, "APIKEYS_KEY": key},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_the_curl_example(served):
    base, key = served
    output = _run(["bash", "-c", _examples()["sh"].replace(DOCUMENTED, base)], key)
    assert json.loads(output) == {"data": {"viewer": {"fullAccess": True}}}


def test_the_python_gql_example(served, tmp_path: Path):
    base, key = served
    script = tmp_path / "example.py"
    script.write_text(_examples()["python"].replace(DOCUMENTED, base))
    output = _run([sys.executable, str(script)], key)
    assert output.strip() == str(
        {"apiKeys": {"totalCount": 1, "edges": [{"node": {"name": "bootstrap"}}]}}
    )


@pytest.mark.browser
async def test_the_browser_fetch_example(served):
    base, key = served
    snippet = _examples()["js"].replace(DOCUMENTED, base)
    async with chromium() as browser:
        page = await browser.new_page()
        await page.goto(f"{base}/healthz")
        logged = await page.evaluate(
            "async (key) => { const logs = []; const console = { log: (x) => logs.push(x) };"
            f"\n{snippet}\nreturn logs; }}",
            key,
        )
    assert logged == [{"viewer": {"fullAccess": True}}]
