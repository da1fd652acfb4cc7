"""README's curl session against /api/v1 runs against a real server and answers what the
README says it answers, ids and times aside."""

from __future__ import annotations

import json
import os
import re
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests import processes

pytestmark = pytest.mark.e2e
README = processes.ROOT / "README.md"
DOCUMENTED = "http://127.0.0.1:8000"
VOLATILE = {"lago_id", "created_at"}


def _blocks() -> dict[str, str]:
    text = README.read_text()
    section = text.split("## REST for connectors (`/api/v1`)", 1)[1].split("\n## ", 1)[0]
    blocks = dict(re.findall(r"```(\w+)\n(.*?)```", section, flags=re.S))
    assert set(blocks) == {"sh", "json"}, blocks.keys()
    return blocks


def _steady(value: Any) -> Any:
    """The answer with its ids and times as the README writes them: `…`."""
    if isinstance(value, dict):
        return {k: "…" if k in VOLATILE else _steady(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_steady(item) for item in value]
    return value


async def test_the_curl_session(tmp_path: Path):
    blocks = _blocks()
    async with processes.environment("sqlite", tmp_path) as env:
        key = processes.bootstrap(env)["api_key"]
        with processes.serving(env, tmp_path / "serve.log") as base:
            done = subprocess.run(
                ["bash", "-c", blocks["sh"].replace(DOCUMENTED, base)],
                env={**os.environ, "APIKEYS_KEY": key},
                capture_output=True,
                text=True,
                timeout=60,
                check=False,
            )
    assert done.returncode == 0, done.stderr
    answers = [json.loads(line) for line in done.stdout.splitlines()]
    documented = [json.loads(line) for line in blocks["json"].splitlines()]
    assert [_steady(answer) for answer in answers] == documented
