"""A token posted to /leaks stops working at once and both admins get the e-mail, through
RQ and real SMTP."""

from __future__ import annotations

from tests.factories import data
from tests.resolvers.api_keys.documents import works

CREATE = 'mutation { createApiKey(input: {name: "billing sync"}) { apiKey { id } secret } }'
URL = "https://github.com/acme/app/blob/main/.env"


async def test_a_posted_token_stops_working_and_both_admins_get_the_e_mail(
    client, org, admins, jobs, smtp
):
    created = (await data(client, CREATE, org.key))["createApiKey"]
    assert await works(client, created["secret"])
    report = [{"token": created["secret"], "url": URL, "source": "GitHub secret scanning"}]
    assert (await client.post("/leaks", json=report)).status_code == 202
    assert not await works(client, created["secret"])
    await jobs.run()
    assert len(admins) == 2
    for email in admins:
        (message,) = [m for m in smtp.to(email) if "found in public" in m["Subject"]]
        body = message.get_payload()
        assert f"Found in public at: {URL}" in body
        assert "Reported by: GitHub secret scanning" in body
        assert created["secret"] not in body
