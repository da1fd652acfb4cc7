"""setLeakResponse: an admin session chooses REVOKE (the default) or DISABLE; audited."""

from __future__ import annotations

from models import AuditEvent
from tests.factories import data, error, login

SET = "mutation($r: LeakResponse!) { setLeakResponse(response: $r) { leakResponse } }"
ORG = "{ organization { leakResponse } }"


async def test_revoke_is_the_default_and_an_admin_chooses_disable(client, org):
    admin = await login(client, org.admin_email)
    assert (await data(client, ORG, admin))["organization"] == {"leakResponse": "REVOKE"}
    await data(client, SET, admin, r="DISABLE")
    assert (await data(client, ORG, admin))["organization"] == {"leakResponse": "DISABLE"}
    (row,) = await AuditEvent.filter(action="organization_updated")
    assert (row.before, row.after) == ({"leakResponse": "REVOKE"}, {"leakResponse": "DISABLE"})


async def test_a_key_cannot_choose_even_with_full_access(client, org):
    failure = await error(client, SET, org.key, r="DISABLE")
    assert failure["extensions"]["code"] == "FORBIDDEN"
    assert failure["extensions"]["requires"] == "ADMIN_SESSION"


async def test_an_unknown_choice_is_bad_user_input(client, org):
    admin = await login(client, org.admin_email)
    failure = await error(client, SET, admin, r="IGNORE")
    assert failure["extensions"]["code"] == "BAD_USER_INPUT"
