"""What import-linter cannot check: settings.py is a module, not a package, so its
contract ("everything may import settings; settings imports nothing of the project")
is read here. The other contracts are [tool.importlinter] in pyproject.toml."""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PROJECT = {
    "auth",
    "console",
    "jobs",
    "migrations",
    "models",
    "resolvers",
    "rest",
    "schema",
    "server",
    "telemetry",
    "web",
}


def _imported(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_settings_imports_nothing_of_the_project():
    assert not _imported(ROOT / "settings.py") & PROJECT
