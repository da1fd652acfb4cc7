from __future__ import annotations

import re

from auth.common_passwords import is_common
from resolvers import text
from resolvers.errors import BadUserInput

_EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MIN_PASSWORD = 12


def check_email(email: str) -> str:
    email = text.check_line("email", email.strip()).lower()
    if len(email) > 320 or not _EMAIL_RE.match(email):
        raise BadUserInput("email", "not an e-mail address")
    return email


def check_password(password: str, field: str = "password") -> str:
    if len(password) < MIN_PASSWORD:
        raise BadUserInput(field, f"at least {MIN_PASSWORD} characters")
    if len(password) > 1024:
        raise BadUserInput(field, "at most 1024 characters")
    if is_common(password):
        raise BadUserInput(field, "too common: choose another")
    return password


def check_member_name(name: str | None) -> str | None:
    if name is not None and len(text.check_line("name", name)) > 255:
        raise BadUserInput("name", "at most 255 characters")
    return name
