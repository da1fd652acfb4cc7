"""Standard tools read the SDL right: graphql-js finds no subscription root, and a client
that GraphQL Code Generator makes from the SDL compiles (TypeScript, strict) and runs a
query against a real server."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from tests import processes

pytestmark = pytest.mark.e2e
TOOLS = processes.ROOT / "tests" / "codegen"
MODULES = TOOLS / "node_modules"
SOURCES = ("codegen.json", "tsconfig.json", "roots.js", "src")


@pytest.fixture(scope="module")
async def served(tmp_path_factory: pytest.TempPathFactory) -> AsyncIterator[tuple[str, str]]:
    if shutil.which("node") is None or not (MODULES / ".bin" / "graphql-codegen").exists():
        pytest.skip("the code generator is not installed: `make codegen` (needs Node.js and npm)")
    tmp_path = tmp_path_factory.mktemp("codegen")
    async with processes.environment("sqlite", tmp_path) as env:
        admin = processes.bootstrap(env)
        with processes.serving(env, tmp_path / "serve.log") as base:
            yield base, admin["api_key"]


def _run(command: list[str], cwd: Path, **env: str) -> str:
    done = subprocess.run(
        command,
        cwd=cwd,
        env={**os.environ, **env},
        input=env.pop("STDIN", None),
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout


def _project(tmp_path: Path, sdl: str) -> Path:
    """A copy of tests/codegen's sources with the served SDL, using the installed tools."""
    project = tmp_path / "client"
    project.mkdir()
    for name in SOURCES:
        source = TOOLS / name
        target = project / name
        shutil.copytree(source, target) if source.is_dir() else shutil.copy(source, target)
    (project / "node_modules").symlink_to(MODULES)
    (project / "schema.graphql").write_text(sdl)
    return project


async def test_graphql_js_reads_the_roots_of_the_sdl(served, tmp_path):
    base, _ = served
    sdl = httpx.get(f"{base}/graphql/schema.graphql").text
    project = _project(tmp_path, sdl)
    roots = _run(["node", "roots.js"], project, STDIN=sdl)
    assert json.loads(roots) == {"query": "Query", "mutation": "Mutation", "subscription": None}


async def test_a_generated_client_compiles_and_runs_a_query(served, tmp_path):
    base, key = served
    project = _project(tmp_path, httpx.get(f"{base}/graphql/schema.graphql").text)
    bin_ = project / "node_modules" / ".bin"
    _run([str(bin_ / "graphql-codegen"), "--config", "codegen.json"], project)
    assert (project / "src" / "gql" / "graphql.ts").exists()
    _run([str(bin_ / "tsc"), "-p", "."], project)
    output = _run(["node", "out/main.js"], project, APIKEYS_URL=base, APIKEYS_KEY=key)
    assert json.loads(output) == {"fullAccess": True, "names": ["bootstrap"], "customers": 0}
