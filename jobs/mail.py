"""Sending one notification: SMTP when SMTP_URL is set, an .eml file in MAIL_DIR otherwise."""

from __future__ import annotations

import asyncio
import os
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from urllib.parse import urlsplit

import aiosmtplib

from models import Notification
from settings import Settings

SMTP_TIMEOUT = 10.0


def message_of(settings: Settings, row: Notification) -> EmailMessage:
    message = EmailMessage()
    message["From"] = settings.mail_from
    message["To"] = row.recipient
    message["Subject"] = row.subject
    message["Date"] = format_datetime(row.created_at)
    message["Message-ID"] = make_msgid(idstring=str(row.id), domain="apikeys.local")
    message["X-Apikeys-Notification"] = str(row.id)
    message.set_content(row.body)
    return message


async def send(settings: Settings, row: Notification) -> None:
    message = message_of(settings, row)
    if settings.smtp_url is None:
        await asyncio.to_thread(_write_eml, settings, row, message)
        return
    url = urlsplit(settings.smtp_url)
    await aiosmtplib.send(
        message,
        hostname=url.hostname,
        port=url.port or (465 if url.scheme == "smtps" else 25),
        use_tls=url.scheme == "smtps",
        start_tls=False if url.scheme == "smtp" else None,
        username=url.username,
        password=url.password,
        timeout=SMTP_TIMEOUT,
    )


def _write_eml(settings: Settings, row: Notification, message: EmailMessage) -> None:
    # Owner only, like the secrets file: messages name keys, members and organizations.
    settings.mail_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
    stamp = row.created_at.strftime("%Y%m%dT%H%M%S")
    final = settings.mail_dir / f"{stamp}-{row.id}.eml"
    partial = final.with_suffix(".eml.partial")
    descriptor = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    os.fchmod(descriptor, 0o600)  # a partial left by a crash keeps its old mode otherwise
    with os.fdopen(descriptor, "wb") as file:
        file.write(bytes(message))
    os.replace(partial, final)  # readers never see half a message
