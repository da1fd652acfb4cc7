"""Profile the request path in process (pyinstrument, SQLite, a full-access key).

.venv/bin/python -m bench.profile [--requests 2000] [--query '{ viewer { fullAccess } }'] [--top N]

`make bench` runs it on the headline query and keeps the top lines in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import asyncio
import tempfile
from pathlib import Path

import httpx
from pyinstrument import Profiler

from models import database
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.organization.bootstrap import bootstrap
from resolvers.services import Services
from server import create_app
from settings import load_settings

VIEWER = "{ viewer { fullAccess } }"
CUSTOMERS = "{ customers(first: 1) { totalCount edges { cursor node { id externalId name email currency createdAt } } } }"


async def profile(requests: int, query: str, show_all: bool = False) -> str:
    with tempfile.TemporaryDirectory(prefix="profile-") as directory:
        return await _profile(Path(directory), requests, query, show_all)


async def _profile(directory: Path, requests: int, query: str, show_all: bool) -> str:
    settings = load_settings({"DATABASE_URL": f"sqlite://{directory}/db.sqlite3"})
    await database.migrate(settings)
    await database.open_database(settings)
    try:
        made = await bootstrap(
            "Profile", "p@profile.test", "correct horse battery", Services.for_settings(settings)
        )
        from auth.grants import MEMBER_ROLE_GRANTS
        from auth.principal import Principal

        admin = Principal(
            organization_id=made.organization_id, full_access=True, grants=MEMBER_ROLE_GRANTS
        )
        await create_customer(admin, CustomerFields(external_id="bench-1", name="Bench"))
        app = create_app(settings, manage_database=False)
        headers = {"Authorization": f"Bearer {made.api_key}"}
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://bench") as client:
            for _ in range(50):
                await client.post("/graphql", json={"query": query}, headers=headers)
            profiler = Profiler(async_mode="enabled")
            profiler.start()
            for _ in range(requests):
                await client.post("/graphql", json={"query": query}, headers=headers)
            profiler.stop()
    finally:
        await database.close_database()
    return profiler.output_text(unicode=False, color=False, show_all=show_all)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--query", default=VIEWER, help=f"default {VIEWER}; or {CUSTOMERS}")
    parser.add_argument("--top", type=int, default=0, help="print only the first N lines")
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    text = asyncio.run(profile(args.requests, args.query, args.all))
    print(top_lines(text, args.requests, args.top) if args.top else text)


def top_lines(text: str, requests: int, count: int) -> str:
    """The first `count` lines of the call tree, under a line saying what was measured."""
    tree = [line for line in text.splitlines() if line.strip()]
    start = next(i for i, line in enumerate(tree) if line[:1].isdigit())
    total = float(tree[start].split()[0])
    head = (
        f"{requests} requests in {total:.3f} s ({total / requests * 1000:.2f} ms each), in "
        "process, the test client's (httpx) time included"
    )
    return "\n".join([head, *tree[start : start + count]])


if __name__ == "__main__":
    main()
