"""Profile the request path of `customers(first: 1)` in process (pyinstrument).

.venv/bin/python -m bench.profile [--requests 2000]
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

SHOW_ALL = False
QUERY = {
    "query": "{ customers(first: 1) { totalCount edges { cursor node { id externalId name email currency createdAt } } } }"
}


async def profile(requests: int) -> str:
    directory = Path(tempfile.mkdtemp(prefix="profile-"))
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
                await client.post("/graphql", json=QUERY, headers=headers)
            profiler = Profiler(async_mode="enabled")
            profiler.start()
            for _ in range(requests):
                await client.post("/graphql", json=QUERY, headers=headers)
            profiler.stop()
    finally:
        await database.close_database()
    return profiler.output_text(unicode=False, color=False, show_all=SHOW_ALL)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=2000)
    parser.add_argument("--all", action="store_true", help="show library frames too")
    args = parser.parse_args()
    global SHOW_ALL
    SHOW_ALL = args.all
    print(asyncio.run(profile(args.requests)))


if __name__ == "__main__":
    main()
