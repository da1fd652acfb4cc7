"""The console's people pages in real headless Chromium: an admin invites by e-mail, the
person follows the link read from MAIL_DIR, joins, and logs in; a person of two
organizations chooses one at login."""

from __future__ import annotations

import re
import uuid
from email import message_from_bytes
from pathlib import Path

import httpx
import pytest
from playwright.async_api import Page, expect

from tests import processes
from tests.browsers import CHROMIUM
from tests.console.conftest import NO_CHROMIUM
from tests.processes import PASSWORD
from tests.waits import wait_until

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason=NO_CHROMIUM),
]

NEW_PASSWORD = "a fresh long password"


async def log_in(page: Page, email: str, password: str) -> None:
    await page.goto("/console/")
    form = page.locator("#login-form")
    await form.get_by_label("Email").fill(email)
    await form.get_by_label("Password").fill(password)
    await form.get_by_role("button", name="Log in").click()


def mail_to(mail_dir: Path, email: str) -> str | None:
    """The body of the newest message to `email` in MAIL_DIR, as a mail reader opens it."""
    for path in sorted(mail_dir.glob("*.eml"), reverse=True):
        message = message_from_bytes(path.read_bytes())
        if message["To"] == email:
            payload = message.get_payload(decode=True)
            return payload.decode() if isinstance(payload, bytes) else str(payload)
    return None


async def test_invite_accept_then_log_in(page, browser, server, admin, environment, shot):
    await log_in(page, admin["email"], PASSWORD)
    await expect(page.locator("#keys-table tbody tr[data-key-id]").first).to_be_visible()
    await page.get_by_role("link", name="Members").click()
    email = f"cleo-{uuid.uuid4().hex[:8]}@example.test"
    invite = page.locator("#invite-form")
    await invite.get_by_label("Invite by email").fill(email)
    await invite.get_by_label("Role").select_option("ADMIN")
    await invite.get_by_role("button", name="Send invitation").click()
    pending = page.locator("#invitations-table tbody tr", has_text=email)
    await expect(pending.locator(".role")).to_have_text("Admin")
    await shot("01-invited")

    mail_dir = Path(environment["MAIL_DIR"])
    await wait_until(lambda: mail_to(mail_dir, email) is not None, what="the invitation e-mail")
    body = mail_to(mail_dir, email)
    assert body is not None
    link = re.search(r"/console/#accept=(lk_invite_[0-9A-Za-z]+)", body)
    assert link, body

    # The person opens the link in a browser of their own, with no session.
    context = await browser.new_context(base_url=server)
    theirs = await context.new_page()
    try:
        await theirs.goto(link.group(0))
        accept = theirs.locator("#accept-form")
        await expect(accept.get_by_label("Invitation token")).to_have_value(link.group(1))
        await accept.get_by_label("Your name").fill("Cleo")
        await accept.get_by_label("Password").fill(NEW_PASSWORD)
        await accept.get_by_role("button", name="Join").click()
        await expect(theirs.locator("#who")).to_contain_text("Cleo")
        await expect(theirs.locator("#who .role")).to_have_text("Admin")
        # Used once: the same link refuses a second time.
        await theirs.get_by_role("button", name="Log out").click()
        await expect(theirs.locator("#login-form")).to_be_visible()
        await theirs.goto(link.group(0))
        accept = theirs.locator("#accept-form")
        await accept.get_by_label("Password").fill(NEW_PASSWORD)
        await accept.get_by_role("button", name="Join").click()
        await expect(theirs.locator("#accept-error")).to_contain_text("no pending invitation")
        # And they log in with the password they chose.
        await log_in(theirs, email, NEW_PASSWORD)
        await expect(theirs.locator("#who")).to_contain_text("Cleo")
    finally:
        await context.close()

    await page.reload()
    await expect(page.locator("#invitations-table tbody")).to_contain_text("No pending invitations")


async def test_a_person_of_two_organizations_chooses_one_at_login(page, server, admin, environment):
    # Globex (a second organization) invites Acme's admin, who accepts with their password.
    globex_admin = f"g-{uuid.uuid4().hex[:8]}@globex.test"
    processes.bootstrap(environment, "Globex", globex_admin)
    async with httpx.AsyncClient(base_url=server) as client:

        async def call(token: str | None, query: str, **variables: object) -> dict:
            headers = {"Authorization": f"Bearer {token}"} if token else {}
            body = {"query": query, "variables": variables}
            answer = (await client.post("/graphql", json=body, headers=headers)).json()
            assert "errors" not in answer, answer
            data: dict = answer["data"]
            return data

        login = "mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }"
        theirs = (await call(None, login, e=globex_admin, p=PASSWORD))["login"]["token"]
        invite = "mutation($e: String!) { inviteMember(email: $e, role: MEMBER) { id } }"
        await call(theirs, invite, e=admin["email"])
        mail_dir = Path(environment["MAIL_DIR"])
        await wait_until(
            lambda: "Globex" in (mail_to(mail_dir, admin["email"]) or ""), what="Globex's e-mail"
        )
        token = re.search(r"lk_invite_[0-9A-Za-z]+", mail_to(mail_dir, admin["email"]) or "")
        assert token
        accept = "mutation($t: String!, $p: String!) { acceptInvitation(token: $t, password: $p) { token } }"
        await call(None, accept, t=token.group(0), p=PASSWORD)

    await log_in(page, admin["email"], PASSWORD)
    form = page.locator("#login-form")
    await expect(page.locator("#login-error")).to_contain_text("several organizations")
    await form.get_by_label("Organization").select_option(label="Globex")
    await form.get_by_role("button", name="Log in").click()
    await expect(page.locator("#org-name")).to_have_text("Globex")
    await expect(page.locator("#who .role")).to_have_text("Member")


async def test_forgot_password_then_reset_from_the_mailed_link(page, server, admin, environment):
    await page.goto("/console/")
    await page.get_by_role("link", name="Forgot your password?").click()
    forgot = page.locator("#forgot-form")
    await forgot.get_by_label("Email").fill(admin["email"])
    await forgot.get_by_role("button", name="Send the link").click()
    await expect(page.locator("#toast")).to_contain_text("If the address has an account")

    mail_dir = Path(environment["MAIL_DIR"])
    await wait_until(
        lambda: "lk_reset_" in (mail_to(mail_dir, admin["email"]) or ""), what="the reset e-mail"
    )
    link = re.search(
        r"/console/#reset=lk_reset_[0-9A-Za-z]+", mail_to(mail_dir, admin["email"]) or ""
    )
    assert link
    await page.goto(link.group(0))
    reset = page.locator("#reset-form")
    await reset.get_by_label("New password").fill("password1234")
    await reset.get_by_role("button", name="Set password").click()
    await expect(page.locator("#reset-error")).to_contain_text("too common")
    await reset.get_by_label("New password").fill(NEW_PASSWORD)
    await reset.get_by_role("button", name="Set password").click()
    await expect(page.locator("#login-form")).to_be_visible()

    await log_in(page, admin["email"], PASSWORD)
    await expect(page.locator("#login-error")).to_contain_text("wrong e-mail or password")
    await log_in(page, admin["email"], NEW_PASSWORD)
    await expect(page.locator("#keys-table tbody tr[data-key-id]").first).to_be_visible()
