from __future__ import annotations

import base64

import pytest

from settings import SettingError, load_settings

KEY = base64.b64encode(b"k" * 32).decode()
POSTGRES = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/apikeys",
    "APIKEYS_PEPPER": "p" * 40,
    "APIKEYS_SEALING_KEYS": f"k1:{KEY}",
}


def test_embedded_mode_generates_the_secrets_once_beside_the_sqlite_file(tmp_path):
    env = {"DATABASE_URL": f"sqlite://{tmp_path}/db.sqlite3"}
    first, second = load_settings(env), load_settings(env)
    assert first.pepper == second.pepper and first.sealing_keys == second.sealing_keys
    stored = tmp_path / "db.sqlite3.secrets.json"
    assert stored.exists() and stored.stat().st_mode & 0o777 == 0o600


def test_defaults():
    settings = load_settings(POSTGRES)
    assert settings.token_prefix == "lk" and settings.redis_url is None
    assert settings.mail_from == "no-reply@localhost" and settings.trusted_proxies == ()
    assert settings.key_retention_days == 90
    assert load_settings({**POSTGRES, "KEY_RETENTION_DAYS": "30"}).key_retention_days == 30


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("DATABASE_URL", "mysql://localhost/db"),
        ("REDIS_URL", "http://localhost"),
        ("REDIS_URL", "redis://localhost:port"),
        ("SMTP_URL", "localhost:25"),
        ("MAIL_FROM", "nobody"),
        ("APIKEYS_PEPPER", "short"),
        ("APIKEYS_PEPPER", ""),
        ("APIKEYS_SEALING_KEYS", "no-colon"),
        ("APIKEYS_SEALING_KEYS", "k1:not-base64!"),
        ("APIKEYS_SEALING_KEYS", "k1:" + base64.b64encode(b"short").decode()),
        ("APIKEYS_SEALING_KEYS", f"k1:{KEY},k1:{KEY}"),
        ("APIKEYS_TOKEN_PREFIX", "Has_Underscore"),
        ("TRUSTED_PROXIES", "10.0.0.0/8, not-a-cidr"),
        ("KEY_RETENTION_DAYS", "0"),
        ("KEY_RETENTION_DAYS", "ninety"),
        # Operations (telemetry/)
        ("LOG_FORMAT", "xml"),
        ("METRICS_TOKEN", "short"),
        ("METRICS_PORT", "metrics"),
        ("METRICS_PORT", "70000"),
    ],
)
def test_a_malformed_setting_is_named_in_one_line(name, value):
    with pytest.raises(SettingError) as raised:
        load_settings({**POSTGRES, name: value})
    message = str(raised.value)
    assert name in message and "\n" not in message


def test_several_sealing_keys_keep_their_order():
    other = base64.b64encode(b"o" * 32).decode()
    settings = load_settings({**POSTGRES, "APIKEYS_SEALING_KEYS": f"new:{KEY},old:{other}"})
    assert [key_id for key_id, _ in settings.sealing_keys] == ["new", "old"]


def test_the_settings_never_print_a_secret():
    """Settings end up in tracebacks, debuggers and log lines as their repr: the pepper, the
    sealing keys, the metrics token and the passwords in the service URLs stay out of it."""
    settings = load_settings(
        {
            **POSTGRES,
            "DATABASE_URL": "postgres://app:db-password-1@127.0.0.1:5432/apikeys",
            "REDIS_URL": "redis://:redis-password-1@127.0.0.1:6379/0",
            "SMTP_URL": "smtp://mailer:smtp-password-1@127.0.0.1:25",
            "METRICS_TOKEN": "metrics-token-0123456789",
        }
    )
    shown = repr(settings) + str(settings)
    for secret in ("db-password-1", "redis-password-1", "smtp-password-1", "metrics-token-0123"):
        assert secret not in shown
    assert repr(settings.pepper) not in shown and "p" * 40 not in shown
    assert repr(settings.sealing_keys[0][1]) not in shown and KEY not in shown
    assert "token_prefix='lk'" in shown  # what is not secret still helps a debugger
