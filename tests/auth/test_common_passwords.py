from __future__ import annotations

from auth.common_passwords import is_common


def test_common_passwords_are_found_whatever_their_case_and_spaces():
    for common in ("password1234", "PASSWORD1234", "  Qwerty123456 ", "1qaz2wsx3edc"):
        assert is_common(common), common


def test_an_ordinary_long_password_is_not_common():
    assert not is_common("correct horse battery")
    assert not is_common("a fresh long password")
