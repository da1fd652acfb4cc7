"""Real server processes for end-to-end tests: environments, the CLI, `serve`, `worker`."""

from __future__ import annotations

import base64
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from pathlib import Path

import httpx

from tests import services

ROOT = Path(__file__).resolve().parent.parent
# A common deployment's umask, whatever the runner's: files the service means to keep
# private must be private by its own choice.
UMASK = 0o022
PASSWORD = "correct horse battery"  # the bootstrapped admin's


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


@asynccontextmanager
async def environment(backend: str, tmp_path: Path) -> AsyncIterator[dict[str, str]]:
    """The process environment of a fresh service on its own database."""
    prefixes = ("APIKEYS_", "DATABASE_", "REDIS_", "SMTP_", "MAIL_")
    env = {k: v for k, v in os.environ.items() if not k.startswith(prefixes)}
    env["MAIL_DIR"] = str(tmp_path / "mail")
    if backend == "sqlite":
        env["DATABASE_URL"] = f"sqlite://{tmp_path}/apikeys.sqlite3"
        yield env
        return
    name = await services.create_postgres_database()
    env["DATABASE_URL"] = services.postgres_url(name)
    env["APIKEYS_PEPPER"] = "e2e-pepper-" + "x" * 32
    env["APIKEYS_SEALING_KEYS"] = "e2e:" + base64.b64encode(b"s" * 32).decode()
    try:
        yield env
    finally:
        await services.drop_postgres_database(name)


def run_cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "server.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
        umask=UMASK,
    )


class ServerURL(str):
    """The base URL of a served process, which also knows the process id."""

    pid: int


def bootstrap(env: dict[str, str], org: str = "Acme", email: str = "a@acme.test") -> dict[str, str]:
    """`python server.py bootstrap` with the admin's password PASSWORD; its JSON."""
    done = run_cli(
        env,
        "bootstrap",
        "--org",
        org,
        "--admin-email",
        email,
        "--admin-password",
        PASSWORD,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bootstrap failed: {done.stderr[-2000:]}")
    printed: dict[str, str] = json.loads(done.stdout)
    return printed


# `server.py bootstrap` once per e-mail given, in one interpreter.
_BOOTSTRAP_EACH = """
import sys, server
for email in sys.argv[3:]:
    if server.main(["bootstrap", "--org", sys.argv[1], "--admin-email", email,
                    "--admin-password", sys.argv[2]]):
        sys.exit(1)
"""


def bootstrap_many(env: dict[str, str], emails: Sequence[str], org: str = "Acme") -> list[dict]:
    """`bootstrap` (password PASSWORD) for each e-mail, in one process: the imports are most
    of a bootstrap's time. The JSON of each, in order."""
    done = subprocess.run(
        [sys.executable, "-c", _BOOTSTRAP_EACH, org, PASSWORD, *emails],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60 + 5 * len(emails),
        check=False,
        umask=UMASK,
    )
    if done.returncode != 0:
        raise RuntimeError(f"bootstrap failed: {done.stderr[-2000:]}")
    return [json.loads(line) for line in done.stdout.splitlines()]


@contextmanager
def serving(env: dict[str, str], log_path: Path, *args: str) -> Iterator[ServerURL]:
    """`python server.py serve ARGS` on a free port until its /healthz answers; its URL."""
    port = free_port()
    with log_path.open("w") as log:
        process = subprocess.Popen(
            [sys.executable, "server.py", "serve", "--port", str(port), *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            umask=UMASK,
        )
        base = ServerURL(f"http://127.0.0.1:{port}")
        base.pid = process.pid
        try:
            _wait_healthy(base, process, log_path)
            yield base
        finally:
            process.terminate()
            process.wait(timeout=20)


@contextmanager
def working(env: dict[str, str], log_path: Path) -> Iterator[subprocess.Popen[bytes]]:
    """`python server.py worker` (the RQ worker and its scheduler) until the block ends.

    In a process group of its own, so that a test may kill it and whatever it started
    (`os.killpg(worker.pid, signal.SIGKILL)`); one still running at the end is stopped."""
    with log_path.open("w") as log:
        worker = subprocess.Popen(
            [sys.executable, "server.py", "worker"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
            umask=UMASK,
            start_new_session=True,
        )
        try:
            yield worker
        finally:
            if worker.poll() is None:
                worker.terminate()
            worker.wait(timeout=20)


def _wait_healthy(base: str, process: subprocess.Popen[bytes], log_path: Path) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited: {log_path.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base}/healthz", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError("the server did not start within 30 s")


@contextmanager
def redis_server(port: int, directory: Path) -> Iterator[subprocess.Popen[bytes]]:
    """A Redis of the test's own on `port`, without persistence (a restart empties it),
    answering PING when the block starts; stopped when it ends (if still running)."""
    from redis import Redis
    from redis.exceptions import RedisError

    server = subprocess.Popen(
        [
            *("redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", ""),
            *("--appendonly", "no", "--dir", str(directory)),
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            client = Redis(port=port)
            try:
                if client.ping():
                    break
            except RedisError:
                time.sleep(0.05)
            finally:
                client.close()
        yield server
    finally:
        if server.poll() is None:
            server.terminate()
        server.wait(timeout=10)
