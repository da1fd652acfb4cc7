"""The wheel holds every package and the console, and serves outside the checkout.

The wheel is built from a copy of the tree (a build writes build/ and *.egg-info beside
its source) and installed with the locked runtime dependencies into a fresh virtualenv.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import httpx
import pytest

from tests import processes

pytestmark = pytest.mark.packaging

_NOT_SOURCE = shutil.ignore_patterns(
    ".*", "__pycache__", "*.egg-info", "build", "test-artifacts", "mail", "*.sqlite3*"
)
_NOT_SHIPPED = ("tests", "bench", "build", "apikeys.egg-info")  # the last two: the build's own


def _run(*command: str | Path, cwd: Path | None = None) -> str:
    done = subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    copy = tmp_path_factory.mktemp("source") / "apikeys"
    shutil.copytree(processes.ROOT, copy, ignore=_NOT_SOURCE)
    return copy


@pytest.fixture(scope="module")
def built(source: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """The wheel, and what the build said (-v: pip shows the backend's own output)."""
    dist = tmp_path_factory.mktemp("dist")
    said = _run(sys.executable, "-m", "pip", "wheel", "-v", "--no-deps", "-w", dist, source)
    (wheel,) = dist.glob("apikeys-*.whl")
    return wheel, said


def test_the_build_warns_of_nothing(built):
    _, said = built
    # Every warning class: BuildBackendWarning (project.license), SetuptoolsDeprecationWarning...
    assert "Warning:" not in said, [line for line in said.splitlines() if "Warning:" in line]


def test_the_wheel_holds_every_module_the_console_and_the_migrations(source, built):
    wheel, _ = built
    shipped = set(zipfile.ZipFile(wheel).namelist())
    wanted = {"server.py", "settings.py"}
    for path in source.rglob("*"):
        relative = path.relative_to(source)
        top = relative.parts[0]
        if path.is_dir() or top in _NOT_SHIPPED or len(relative.parts) == 1:
            continue
        if path.suffix == ".py" or top == "console":
            wanted.add(relative.as_posix())
    assert {"console/index.html", "migrations/0001_initial.py"} <= wanted
    assert wanted - shipped == set()


@pytest.fixture(scope="module")
def installed(built: tuple[Path, str], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtualenv with the locked runtime dependencies and the wheel; its bin/."""
    venv = tmp_path_factory.mktemp("venv")
    _run(sys.executable, "-m", "venv", venv)
    pip = (venv / "bin" / "python", "-m", "pip", "install", "--quiet")
    requirements = processes.ROOT / "requirements.txt"
    _run(*pip, "--disable-pip-version-check", "--require-hashes", "-r", requirements)
    _run(*pip, "--disable-pip-version-check", "--no-deps", built[0])
    return venv / "bin"


@pytest.fixture
def elsewhere(tmp_path: Path) -> dict[str, str]:
    """An environment that knows nothing of the checkout."""
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("APIKEYS_", "DATABASE_", "REDIS_", "SMTP_", "MAIL_", "PYTHON"))
    }
    env["DATABASE_URL"] = f"sqlite://{tmp_path}/apikeys.sqlite3"
    env["MAIL_DIR"] = str(tmp_path / "mail")
    return env


def test_the_installed_server_serves_the_api_and_the_console_from_anywhere(
    installed, elsewhere, source, tmp_path
):
    where = _run(
        installed / "python", "-c", "import server; print(server.CONSOLE_DIR)", cwd=tmp_path
    )
    assert Path(where.strip()).is_relative_to(installed.parent), where
    port = processes.free_port()
    with (tmp_path / "serve.log").open("w") as log:
        server = subprocess.Popen(
            [installed / "apikeys", "serve", "--port", str(port)],
            cwd=tmp_path,
            env=elsewhere,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        try:
            base = f"http://127.0.0.1:{port}"
            _wait_healthy(base, server, tmp_path / "serve.log")
            console = httpx.get(f"{base}/console/", timeout=5)
            assert console.status_code == 200
            assert console.text == (source / "console" / "index.html").read_text()
            sdl = httpx.get(f"{base}/graphql/schema.graphql", timeout=5)
            assert sdl.status_code == 200 and "type Query" in sdl.text
        finally:
            server.terminate()
            server.wait(timeout=20)


def _wait_healthy(base: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"the server exited: {log.read_text()[-3000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError(f"no answer on /healthz within 30 s: {log.read_text()[-3000:]}")
