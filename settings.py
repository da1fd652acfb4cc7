"""Every setting of the service, read once from the environment.

A malformed value raises `SettingError`, whose message is one line naming the
setting; `server.py` prints it and exits.
"""

from __future__ import annotations

import base64
import hashlib
import ipaddress
import json
import os
import re
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from starlette.config import Config

IPNetwork = ipaddress.IPv4Network | ipaddress.IPv6Network

DEFAULT_DATABASE_URL = "sqlite://./apikeys.sqlite3"
_PREFIX_RE = re.compile(r"^[a-z][a-z0-9]{0,15}$")


class SettingError(Exception):
    def __init__(self, name: str, problem: str) -> None:
        super().__init__(f"invalid setting {name}: {problem}")
        self.name = name


@dataclass(frozen=True)
class Settings:
    database_url: str = DEFAULT_DATABASE_URL
    redis_url: str | None = None
    smtp_url: str | None = None
    mail_dir: Path = Path("./mail")
    mail_from: str = "no-reply@localhost"
    pepper: bytes = field(default=b"", repr=False)
    sealing_keys: tuple[tuple[str, bytes], ...] = field(default=(), repr=False)
    token_prefix: str = "lk"  # noqa: S105 - a public prefix, not a secret
    trusted_proxies: tuple[IPNetwork, ...] = field(default_factory=tuple)
    # Origins whose pages may call the API from a browser; empty: the same origin only.
    cors_origins: tuple[str, ...] = ()
    # Credential checks per sliding window (auth/throttle.py); failures stay counted.
    auth_attempts_per_address: int = 20
    login_attempts_per_account: int = 10
    auth_attempt_window: int = 60  # seconds
    # One JSON line per request on stdout (schema/serving.py); off: nothing per request.
    access_log: bool = False
    # Key lifecycle: days an expired or revoked key is kept before the purge deletes it.
    key_retention_days: int = 90
    # Operations (telemetry/): the format of every log line, text or json.
    log_format: str = "text"
    # The bearer token of GET /metrics; unset: /metrics is off (404).
    metrics_token: str | None = field(default=None, repr=False)
    # A port of its own for GET /metrics (no token there); unset: none.
    metrics_port: int | None = None
    # Webhooks: http:// and loopback, private or link-local addresses allowed as endpoints
    # (development and tests only; off, endpoints are https to public addresses).
    webhook_allow_local: bool = False

    def __repr__(self) -> str:
        """Every setting but the secrets, and the URLs without their passwords: settings
        end up in tracebacks, debuggers and log lines."""
        shown = (
            f"{f.name}={_without_password(getattr(self, f.name))!r}" for f in fields(self) if f.repr
        )
        return f"Settings({', '.join(shown)})"

    @property
    def redis_namespace(self) -> str:
        """The prefix of every Redis key and channel of this deployment. Derived from the
        pepper, which every process of one deployment shares and two deployments never do,
        so two deployments on one Redis never see each other's keys."""
        return "apikeys:" + hashlib.sha256(b"redis-namespace:" + self.pepper).hexdigest()[:12]

    @property
    def is_sqlite(self) -> bool:
        return self.database_url.startswith("sqlite://")

    def tortoise_config(self) -> dict[str, Any]:
        return {
            "connections": {"default": self.database_url},
            "apps": {
                "models": {
                    "models": ["models"],
                    "default_connection": "default",
                    "migrations": "migrations",
                }
            },
            "use_tz": True,
            "timezone": "UTC",
        }


def load_settings(environ: Mapping[str, str] | None = None) -> Settings:
    config = Config(environ=dict(os.environ if environ is None else environ))
    database_url = _database_url(config("DATABASE_URL", default=DEFAULT_DATABASE_URL))
    pepper_text = config("APIKEYS_PEPPER", default="")
    sealing_text = config("APIKEYS_SEALING_KEYS", default="")
    if database_url.startswith("sqlite://") and not (pepper_text and sealing_text):
        stored = _embedded_secrets(database_url)
        pepper_text = pepper_text or stored["APIKEYS_PEPPER"]
        sealing_text = sealing_text or stored["APIKEYS_SEALING_KEYS"]
    return Settings(
        database_url=database_url,
        redis_url=_optional_url("REDIS_URL", config("REDIS_URL", default=""), ("redis", "rediss")),
        smtp_url=_optional_url("SMTP_URL", config("SMTP_URL", default=""), ("smtp", "smtps")),
        mail_dir=Path(config("MAIL_DIR", default="./mail")),
        mail_from=_mail_from(config("MAIL_FROM", default="no-reply@localhost")),
        pepper=_pepper(pepper_text),
        sealing_keys=parse_sealing_keys(sealing_text),
        token_prefix=_token_prefix(config("APIKEYS_TOKEN_PREFIX", default="lk")),
        trusted_proxies=_networks("TRUSTED_PROXIES", config("TRUSTED_PROXIES", default="")),
        cors_origins=_origins("CORS_ORIGINS", config("CORS_ORIGINS", default="")),
        access_log=_switch("ACCESS_LOG", config("ACCESS_LOG", default="")),
        key_retention_days=_days("KEY_RETENTION_DAYS", config("KEY_RETENTION_DAYS", default="90")),
        **_operations(config),
        webhook_allow_local=_switch(
            "WEBHOOK_ALLOW_LOCAL", config("WEBHOOK_ALLOW_LOCAL", default="")
        ),
    )


# Operations (telemetry/): logs, metrics, readiness.
LOG_FORMATS = ("text", "json")


def _operations(config: Config) -> dict[str, Any]:
    log_format = config("LOG_FORMAT", default="text").strip().lower()
    if log_format not in LOG_FORMATS:
        raise SettingError("LOG_FORMAT", "expected text or json")
    metrics_token = config("METRICS_TOKEN", default="").strip() or None
    if metrics_token is not None and len(metrics_token) < 16:
        raise SettingError("METRICS_TOKEN", "at least 16 characters")
    port_text = config("METRICS_PORT", default="").strip()
    if port_text and not (port_text.isdigit() and 0 < int(port_text) < 65536):
        raise SettingError("METRICS_PORT", "expected a port number, 1 to 65535")
    metrics_port = int(port_text) if port_text else None
    return {"log_format": log_format, "metrics_token": metrics_token, "metrics_port": metrics_port}


def _without_password(value: Any) -> Any:
    """A URL's password as ***; any other value as it is."""
    if not isinstance(value, str) or "://" not in value:
        return value
    parts = urlsplit(value)
    if parts.password is None:
        return value
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@", 1)
    return parts._replace(netloc=netloc).geturl()


def _database_url(value: str) -> str:
    scheme = urlsplit(value).scheme
    if scheme not in ("sqlite", "postgres", "postgresql", "asyncpg"):
        raise SettingError("DATABASE_URL", "expected sqlite://PATH or postgres://USER@HOST:PORT/DB")
    if scheme != "sqlite" and not urlsplit(value).path.strip("/"):
        raise SettingError("DATABASE_URL", "the PostgreSQL URL names no database")
    return value


def _optional_url(name: str, value: str, schemes: tuple[str, ...]) -> str | None:
    if not value:
        return None
    parts = urlsplit(value)
    if parts.scheme not in schemes or not parts.hostname:
        raise SettingError(name, f"expected {schemes[0]}://HOST:PORT")
    try:
        parts.port  # noqa: B018 - raises on a malformed port
    except ValueError as error:
        raise SettingError(name, "the port is not a number") from error
    return value


def _mail_from(value: str) -> str:
    if "@" not in value or any(c.isspace() for c in value):
        raise SettingError("MAIL_FROM", "expected an e-mail address")
    return value


def _pepper(value: str) -> bytes:
    if not value:
        raise SettingError("APIKEYS_PEPPER", "required when DATABASE_URL is not SQLite")
    if len(value) < 32:
        raise SettingError("APIKEYS_PEPPER", "must be at least 32 characters")
    return value.encode()


def parse_sealing_keys(value: str) -> tuple[tuple[str, bytes], ...]:
    name = "APIKEYS_SEALING_KEYS"
    if not value:
        raise SettingError(name, "required when DATABASE_URL is not SQLite")
    keys: list[tuple[str, bytes]] = []
    for item in value.split(","):
        key_id, sep, encoded = item.strip().partition(":")
        if not sep or not re.fullmatch(r"[A-Za-z0-9_-]{1,32}", key_id):
            raise SettingError(name, "expected id:base64key[,id:base64key...]")
        try:
            key = base64.b64decode(encoded, validate=True)
        except ValueError as error:
            raise SettingError(name, f"key {key_id} is not base64") from error
        if len(key) != 32:
            raise SettingError(name, f"key {key_id} must decode to 32 bytes")
        if key_id in dict(keys):
            raise SettingError(name, f"key id {key_id} appears twice")
        keys.append((key_id, key))
    return tuple(keys)


def _token_prefix(value: str) -> str:
    if not _PREFIX_RE.match(value):
        raise SettingError("APIKEYS_TOKEN_PREFIX", "1 to 16 lowercase letters or digits")
    return value


def _switch(name: str, value: str) -> bool:
    text = value.strip().lower()
    if text in ("1", "true", "yes", "on"):
        return True
    if text in ("", "0", "false", "no", "off"):
        return False
    raise SettingError(name, "expected 1 or 0 (true or false)")


def _networks(name: str, value: str) -> tuple[IPNetwork, ...]:
    try:
        return tuple(ipaddress.ip_network(v.strip()) for v in value.split(",") if v.strip())
    except ValueError as error:
        raise SettingError(name, f"not a list of CIDRs ({error})") from error


def _origins(name: str, value: str) -> tuple[str, ...]:
    """`https://app.example.com,http://localhost:5173`: a scheme, a host, maybe a port;
    `*` for any origin."""
    origins = tuple(v.strip().rstrip("/") for v in value.split(",") if v.strip())
    for origin in origins:
        parts = urlsplit(origin)
        if origin != "*" and (parts.scheme not in ("http", "https") or not parts.hostname):
            raise SettingError(name, f"{origin!r} is not an origin such as https://app.example")
        if origin != "*" and (parts.path or parts.query or parts.fragment):
            raise SettingError(name, f"{origin!r} has a path; an origin is scheme://host[:port]")
    return origins


def sqlite_path(database_url: str) -> Path | None:
    """The file of a SQLite URL, read as Tortoise reads it; None for PostgreSQL or memory."""
    if not database_url.startswith("sqlite://"):
        return None
    path = database_url.removeprefix("sqlite://").split("?", 1)[0]
    if not path or path.startswith(":memory:"):
        return None
    return Path(path)


def embedded_secrets_path(database_url: str) -> Path | None:
    path = database_url.removeprefix("sqlite://")
    if not path or path.startswith(":memory:"):
        return None
    return Path(path + ".secrets.json")


def _embedded_secrets(database_url: str) -> dict[str, str]:
    """Generate the pepper and sealing key once, and keep them beside the SQLite file."""
    path = embedded_secrets_path(database_url)
    if path is not None and path.exists():
        stored: dict[str, str] = json.loads(path.read_text())
        return stored
    generated = {
        "APIKEYS_PEPPER": secrets.token_urlsafe(48),
        "APIKEYS_SEALING_KEYS": "k1:" + base64.b64encode(secrets.token_bytes(32)).decode(),
    }
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as file:
            json.dump(generated, file)
    return generated


def _tortoise_cli_config() -> dict[str, Any]:
    """For Tortoise's own CLI (`tortoise -c settings.TORTOISE_ORM makemigrations`)."""
    return load_settings().tortoise_config()


def _days(name: str, value: str) -> int:
    text = value.strip()
    if not text.isdigit() or not 1 <= int(text) <= 36_500:
        raise SettingError(name, "a whole number of days, 1 to 36500")
    return int(text)


# Last: it loads the settings, which need every helper above.
TORTOISE_ORM = _tortoise_cli_config() if os.environ.get("TORTOISE_CLI") else None
