"""LOG_FORMAT: text or one JSON object per line, each naming the request it was written
under."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import re
import sys

import httpx
import pytest

from settings import SettingError, load_settings
from telemetry import logs
from tests import processes, services
from tests.waits import wait_until


def _record(message: str, **extra: object) -> logging.LogRecord:
    record = logging.LogRecord("apikeys.test", logging.WARNING, __file__, 1, message, (), None)
    record.__dict__.update(extra)
    return record


def test_a_json_line_names_the_request_it_was_written_under():
    token = logs.current.set(logs.RequestRecord("req-42"))
    try:
        line = json.loads(logs.JsonFormatter().format(_record("the database is slow")))
    finally:
        logs.current.reset(token)
    assert line["message"] == "the database is slow" and line["request_id"] == "req-42"
    assert line["level"] == "warning" and line["logger"] == "apikeys.test"
    assert line["time"].endswith("+00:00")


def test_a_record_with_fields_is_those_fields_in_both_formats():
    record = _record("ignored", fields={"status": 200, "request_id": "r"})
    assert json.loads(logs.JsonFormatter().format(record)) == {"status": 200, "request_id": "r"}
    assert json.loads(logs.formatter("text").format(record)) == {"status": 200, "request_id": "r"}


def test_an_exception_is_named_with_its_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = _record("failed", exc_info=sys.exc_info())
    line = json.loads(logs.JsonFormatter().format(record))
    assert line["error"] == "ValueError" and "Traceback" in line["traceback"]


@pytest.mark.parametrize(
    ("header", "kept"),
    [
        ("abc-123", True),
        ("3f2b7c1e-5d6a-4e8f-9a0b-1c2d3e4f5a6b", True),
        ("", False),
        (None, False),
        ("x" * 129, False),
        ("line\nbreak", False),
        ('quote"d', False),
    ],
)
def test_a_sane_x_request_id_is_kept_and_anything_else_replaced(header, kept):
    made = logs.request_id_of(header)
    assert (made == header) is kept
    assert 1 <= len(made) <= 128


def test_the_log_format_setting():
    base = {"DATABASE_URL": "sqlite://:memory:"}
    assert load_settings(base).log_format == "text"
    assert load_settings({**base, "LOG_FORMAT": "JSON"}).log_format == "json"
    with pytest.raises(SettingError, match="LOG_FORMAT"):
        load_settings({**base, "LOG_FORMAT": "xml"})


@pytest.mark.e2e
async def test_serve_with_json_logs_writes_nothing_but_json_lines(tmp_path):
    """`serve --workers 2` with LOG_FORMAT=json: uvicorn's lines, the app's and one line per
    request, each a JSON object; the request's line carries its X-Request-ID."""
    services.require_service("Redis", "127.0.0.1", 6379)
    async with processes.environment("sqlite", tmp_path) as env:
        env["REDIS_URL"] = services.REDIS_URL
        env["LOG_FORMAT"] = "json"
        log = tmp_path / "serve.log"
        with processes.serving(env, log, "--workers", "2") as base:
            async with httpx.AsyncClient(base_url=base) as client:
                answer = await client.post(
                    "/graphql",
                    json={"query": "{ viewer { fullAccess } }"},
                    headers={"X-Request-ID": "json-e2e-1"},
                )
            assert answer.headers["X-Request-ID"] == "json-e2e-1"
            await wait_until(lambda: "json-e2e-1" in log.read_text(), what="the request's line")
    lines = [json.loads(line) for line in log.read_text().splitlines()]
    assert any(line.get("logger") == "uvicorn.error" for line in lines)
    (request,) = [line for line in lines if line.get("request_id") == "json-e2e-1"]
    assert request["status"] == 401 and request["operation"] == "viewer"


def test_a_line_is_written_as_is_and_handed_to_any_other_handler(capsys):
    logger = logs.line_logger("apikeys.test_lines", "json")
    now = logs.now_iso()
    fields: dict[str, object] = {"time": now, "status": 200}
    line = json.dumps(fields, separators=(",", ":"))
    logs.write_line(logger, fields)
    taken: list[tuple[str, dict]] = []

    class Taking(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            taken.append((record.getMessage(), record.fields))  # type: ignore[attr-defined]

    logger.addHandler(Taking())
    logs.write_line(logger, fields)
    logger.setLevel(logging.WARNING)
    logs.write_line(logger, fields)
    logging.getLogger("apikeys.test_lines").handlers.clear()
    assert capsys.readouterr().out.splitlines() == [line, line]
    assert taken == [(line, fields)]
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+00:00", now)


async def test_lines_written_while_serving_are_all_written_in_order(capsys):
    logger = logs.line_logger("apikeys.test_lines", "json")
    try:
        for status in (200, 401, 503):
            logs.write_line(logger, {"status": status})
        await asyncio.sleep(0)  # the end of the loop's turn
    finally:
        logger.handlers.clear()
    written = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert written == [{"status": 200}, {"status": 401}, {"status": 503}]


class _Writes(io.StringIO):
    def __init__(self) -> None:
        super().__init__()
        self.writes: list[str] = []

    def write(self, text: str) -> int:
        self.writes.append(text)
        return super().write(text)


def test_lines_made_together_are_one_write_or_records_for_another_handler():
    logging.getLogger("apikeys.test_lines").handlers.clear()  # a handler of pytest's, if any
    logger = logs.line_logger("apikeys.test_lines", "json")
    plain = logs.plain_lines(logger)
    assert plain is not None
    stream = _Writes()
    plain.setStream(stream)
    taken: list[str] = []

    class Taking(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            taken.append(record.getMessage())

    try:
        logs.write_lines(logger, [{"status": 200}, {"status": 401}])
        logger.addHandler(Taking())
        assert logs.plain_lines(logger) is None
        logs.write_lines(logger, [{"status": 503}])
    finally:
        logger.handlers.clear()
    assert stream.writes == ['{"status":200}\n{"status":401}\n', '{"status":503}\n']
    assert taken == ['{"status":503}']
