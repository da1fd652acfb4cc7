"""README's operator page against the code: every setting in the settings table, every
metric of /metrics in the metrics table, and the sample docker-compose.yml as shipped."""

from __future__ import annotations

import dataclasses
import re
import subprocess
from pathlib import Path

import httpx
import pytest
import yaml  # type: ignore[import-untyped]
from prometheus_client.parser import text_string_to_metric_families

from server import create_app
from tests import services

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
COMPOSE = ROOT / "deploy" / "docker-compose.yml"
TOKEN = "metrics-token-0123456789"


def test_every_setting_is_in_the_readme_settings_table():
    read = set(re.findall(r'config\("([A-Z_]+)"', (ROOT / "settings.py").read_text()))
    settings_table = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `([A-Z_]+)` \|", settings_table, re.M))
    assert read, "settings.py reads its variables with config()"
    extra = {"PROMETHEUS_MULTIPROC_DIR", "OTEL_EXPORTER_OTLP_ENDPOINT", "OTEL_SERVICE_NAME"}
    assert read | extra <= documented, sorted((read | extra) - documented)


async def test_every_metric_is_in_the_readme_metrics_table(settings):
    services.require_service("Redis", "127.0.0.1", 6379)
    with_redis = dataclasses.replace(settings, metrics_token=TOKEN, redis_url=services.REDIS_URL)
    app = create_app(with_redis, manage_database=False)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://t") as client:
        await client.get("/healthz")
        text = (await client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})).text
    exposed = set()
    for family in text_string_to_metric_families(text):
        if family.name.startswith("apikeys_"):
            suffix = "_total" if family.type == "counter" else ""
            exposed.add(family.name + suffix)
    operating = README.split("## Operating it", 1)[1].split("\n## ", 1)[0]
    documented = set(re.findall(r"^\| `(apikeys_[a-z_]+)` \|", operating, re.M))
    assert exposed == documented


def test_the_readme_shows_the_sample_compose_file_as_shipped():
    shown = README.split("```yaml\n", 1)[1].split("```", 1)[0]
    assert shown == COMPOSE.read_text()
    compose = yaml.safe_load(shown)
    assert set(compose["services"]) == {"server", "worker", "postgres", "redis"}
    settings_table = README.split("## Settings", 1)[1].split("\n## ", 1)[0]
    for service in ("server", "worker"):
        for name in compose["services"][service]["environment"]:
            assert f"| `{name}` |" in settings_table, name


def test_docker_compose_accepts_the_sample():
    try:
        found = subprocess.run(["docker", "compose", "version"], capture_output=True, timeout=30)
    except FileNotFoundError:
        found = None
    if found is None or found.returncode != 0:
        pytest.skip("docker compose is not installed")
    env = {"APIKEYS_PEPPER": "p" * 40, "APIKEYS_SEALING_KEYS": "k1:" + "A" * 43 + "="}
    done = subprocess.run(
        ["docker", "compose", "-f", str(COMPOSE), "config", "--quiet"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "PATH": "/usr/local/bin:/usr/bin:/bin"},
    )
    assert done.returncode == 0, done.stderr
