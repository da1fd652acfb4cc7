"""LOG_FORMAT: text or one JSON object per line, each naming the request it was written
under."""

from __future__ import annotations

import json
import logging
import sys

import pytest

from settings import SettingError, load_settings
from telemetry import logs


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
