"""The processes under load: the baselines' uvicorn and the service's `server.py serve`,
started together and stopped together; which worker process holds a connection."""

from __future__ import annotations

import http.client
import os
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests import processes

# What `server.py serve` gets from uvicorn's defaults: uvloop and httptools when installed.
UVICORN_OPTIONS = ("--loop", "auto", "--http", "auto", "--no-access-log", "--log-level", "warning")


@dataclass
class Server:
    name: str
    process: subprocess.Popen[bytes]
    port: int
    log: Path
    workers: int = 1

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def worker_pids(self) -> list[int]:
        """The processes that answer: the children of a multi-worker server, or itself."""
        if self.workers == 1:
            return [self.process.pid]
        return [pid for pid in _all_pids() if _parent(pid) == self.process.pid]


def baselines(log: Path) -> Server:
    port = processes.free_port()
    command = ["-m", "uvicorn", "bench.bare_app:app", "--port", str(port), *UVICORN_OPTIONS]
    return Server("baselines", _popen(command, os.environ.copy(), log), port, log)


def service(
    name: str, env: dict[str, str], log: Path, workers: int = 1, without: str | None = None
) -> Server:
    """`server.py serve`; with `without`, through bench/stripped.py, that recording made a no-op."""
    port = processes.free_port()
    serve = ["serve", "--port", str(port), "--workers", str(workers)]
    command = (
        ["-m", "bench.stripped", "--without", without, *serve] if without else ["server.py", *serve]
    )
    return Server(name, _popen(command, env, log), port, log, workers)


def _popen(args: list[str], env: dict[str, str], log: Path) -> subprocess.Popen[bytes]:
    # One hash seed for every server: with random ones, identical servers run side by side
    # differed by up to 3 % in CPU time per request (dict and set layouts); with one, 1 %.
    env = {**env, "PYTHONHASHSEED": env.get("PYTHONHASHSEED", "0")}
    with log.open("w") as out:
        return subprocess.Popen(
            [sys.executable, *args],
            cwd=processes.ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            umask=processes.UMASK,
        )


@contextmanager
def running(*servers: Server) -> Iterator[None]:
    """Until every server answers on every worker; stopped at the end of the block."""
    try:
        for server in servers:
            _wait_ready(server, deadline=time.monotonic() + 90)
        yield
    finally:
        for server in servers:
            server.process.terminate()
        for server in servers:
            server.process.wait(timeout=30)


def _wait_ready(server: Server, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"{server.name} exited: {server.log.read_text()[-2000:]}")
        try:
            connections = connections_by_worker(server, tries=8)
        except OSError:
            connections = {}
        for connection in connections.values():
            connection.close()
        if len(connections) == server.workers:
            return
        time.sleep(0.2)
    raise RuntimeError(f"{server.name} did not answer on every worker: {server.log}")


def connections_by_worker(server: Server, tries: int = 40) -> dict[int, http.client.HTTPConnection]:
    """Kept-alive connections, one per worker process that accepted one of `tries`."""
    found: dict[int, http.client.HTTPConnection] = {}
    for _ in range(tries):
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        connection.request("GET", "/healthz")
        connection.getresponse().read()
        pid = _owner(server, connection)
        if pid is None or pid in found:
            connection.close()
        else:
            found[pid] = connection
        if len(found) == server.workers:
            break
    return found


def _owner(server: Server, connection: http.client.HTTPConnection) -> int | None:
    """The worker holding the server end of the connection (/proc/net/tcp, then fds)."""
    assert connection.sock is not None
    inode = _server_socket_inode(server.port, connection.sock.getsockname()[1])
    for pid in server.worker_pids():
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                if os.readlink(f"/proc/{pid}/fd/{fd}") == f"socket:[{inode}]":
                    return pid
            except OSError:
                continue
    return None


def _server_socket_inode(server_port: int, client_port: int) -> str:
    local, remote = f"0100007F:{server_port:04X}", f"0100007F:{client_port:04X}"
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        columns = line.split()
        if columns[1] == local and columns[2] == remote:
            return columns[9]
    raise OSError(f"no server socket for 127.0.0.1:{client_port} in /proc/net/tcp")


def _all_pids() -> list[int]:
    return [int(entry) for entry in os.listdir("/proc") if entry.isdigit()]


def _parent(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])
