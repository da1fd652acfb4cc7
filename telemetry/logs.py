"""Logs as text or as one JSON object per line (LOG_FORMAT), and the request being
served, so that every line written while serving it names its request id.

A record may carry `extra={"fields": {...}}`: the JSON line is those fields (the access
and job lines); any other record becomes {time, level, logger, message, request_id}.
Messages are written by the project's own code, which never puts a secret in one.
"""

from __future__ import annotations

import logging
import os
import re
import sys
import time
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import orjson

from telemetry.batch import Batch

TEXT = "%(asctime)s %(levelname)s %(name)s %(message)s"
_REQUEST_ID = re.compile(r"[A-Za-z0-9._:@/+=-]{1,128}")


@dataclass(slots=True)
class RequestRecord:
    """What the access line says of one request; the doors fill in what they learn."""

    request_id: str
    operation: str | None = None  # the GraphQL operation (its name, or its first field)
    key: str | None = None  # the first 8 characters of the calling API key's id
    client: str | None = None
    outcome: str | None = None  # "ok", or the first error's code (GraphQL)
    status: int = 500  # the answer's, once it starts


current: ContextVar[RequestRecord | None] = ContextVar("apikeys_request", default=None)


def request_id_of(header: str | None) -> str:
    """The caller's X-Request-ID when it is a sane one (1-128 safe characters), so that a
    user's report and a balancer's log find the line; a fresh one otherwise."""
    if header and _REQUEST_ID.fullmatch(header):
        return header
    return os.urandom(16).hex()


def current_request_id() -> str | None:
    record = current.get()
    return record.request_id if record else None


_second: tuple[int, str] = (0, "1970-01-01T00:00:00")


def now_iso() -> str:
    return iso(time.time())


def iso(at: float) -> str:
    """`at` (seconds since the epoch) as datetime.isoformat(timespec="milliseconds") writes
    it in UTC; the second's text made once a second, not once a line."""
    global _second
    second = int(at)
    if second != _second[0]:
        _second = (second, datetime.fromtimestamp(second, UTC).strftime("%Y-%m-%dT%H:%M:%S"))
    return f"{_second[1]}.{int((at - second) * 1000):03d}+00:00"


# A record's `fields` already serialized (the access line's): written as it is.
LINE = "fields_line"


def _fields_line(record: logging.LogRecord) -> str | None:
    line: str | None = getattr(record, LINE, None)
    if line is not None:
        return line
    fields: dict[str, Any] | None = getattr(record, "fields", None)
    return orjson.dumps(fields).decode() if fields is not None else None


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        line = _fields_line(record)
        if line is not None:
            return line
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        request_id = current_request_id()
        if request_id:
            entry["request_id"] = request_id
        if record.exc_info and record.exc_info[0] is not None:
            entry["error"] = record.exc_info[0].__name__
            entry["traceback"] = self.formatException(record.exc_info)
        return orjson.dumps(entry, default=str).decode()


class FieldsOrText(logging.Formatter):
    """Text lines; a record with fields is its JSON line (the access log's, as before)."""

    def format(self, record: logging.LogRecord) -> str:
        line = _fields_line(record)
        return line if line is not None else super().format(record)


def formatter(log_format: str) -> logging.Formatter:
    return JsonFormatter() if log_format == "json" else FieldsOrText(TEXT)


def configure(log_format: str) -> None:
    """The root logger writes lines of `log_format` on stderr (INFO and up)."""
    handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(formatter(log_format))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(logging.INFO)


class _Lines(logging.StreamHandler):  # type: ignore[type-arg]
    """The handler line_logger() installs (others, a test's, are left alone). Lines written
    while an event loop runs are written together at the end of the loop's turn (a Batch):
    one write for the lines of all the requests answered in it."""

    def __init__(self, stream: Any) -> None:
        super().__init__(stream)
        self._lines: Batch[str] = Batch(self._write_all)

    def write(self, line: str) -> None:
        """`line` as it is, what format() would make of a record carrying it."""
        self._lines.add(line)

    def write_all(self, lines: list[str]) -> None:
        """Lines made together (the access lines of a batch of requests): one write."""
        self._lines.flush()
        self._write_all(lines)

    def flush(self) -> None:
        self._lines.flush()
        super().flush()

    def _write_all(self, lines: list[str]) -> None:
        text = self.terminator.join(lines) + self.terminator
        with self.lock:  # type: ignore[union-attr]
            try:
                self.stream.write(text)
                super().flush()
            except (OSError, ValueError):  # as emit(): reported on stderr, never raised
                self.handleError(logging.makeLogRecord({"msg": text}))


def _record(logger: logging.Logger, fields: dict[str, Any], line: str) -> logging.LogRecord:
    # No caller's frame looked up: a line names its request or job, not a source line.
    # The message is the line too, for handlers that read messages only.
    extra = {"fields": fields, LINE: line}
    return logger.makeRecord(logger.name, logging.INFO, "", 0, line, (), None, extra=extra)


def write_line(logger: logging.Logger, fields: dict[str, Any]) -> None:
    """`fields` as one JSON line (INFO) on `logger`, made only when the logger takes INFO.
    To line_logger()'s own handler alone (the service's case), the line goes as it is: no
    LogRecord, which cost a request more than the rest of its line; any other handler
    (a test's, an operator's) gets a record, formatted as usual."""
    if not logger.isEnabledFor(logging.INFO):
        return
    line = orjson.dumps(fields).decode()
    plain = plain_lines(logger)
    if plain is not None:
        plain.write(line)
        return
    logger.handle(_record(logger, fields, line))


def write_lines(logger: logging.Logger, many: list[dict[str, Any]]) -> None:
    """write_line() of each, in one write when they go to line_logger()'s handler alone."""
    plain = plain_lines(logger)
    if plain is None or not logger.isEnabledFor(logging.INFO):
        for fields in many:
            write_line(logger, fields)
        return
    plain.write_all([orjson.dumps(fields).decode() for fields in many])


def plain_lines(logger: logging.Logger) -> _Lines | None:
    """line_logger()'s handler when it is the logger's only one and takes every line as it
    is (no filter); None when lines must go as records (another handler, a filter)."""
    handlers = logger.handlers
    if len(handlers) != 1 or logger.filters:
        return None
    handler = handlers[0]
    if type(handler) is _Lines and not handler.filters and handler.level <= logging.INFO:
        return handler
    return None


def line_logger(name: str, log_format: str) -> logging.Logger:
    """A logger of lines on stdout (one a request, one a job), whatever the root does."""
    logger = logging.getLogger(name)
    handler = _Lines(sys.stdout)
    handler.setFormatter(formatter(log_format))
    logger.handlers[:] = [h for h in logger.handlers if not isinstance(h, _Lines)] + [handler]
    logger.setLevel(logging.INFO)
    logger.propagate = False
    return logger


def uvicorn_config(log_format: str) -> dict[str, Any] | None:
    """uvicorn's logging in JSON, the app's loggers included (worker processes configure
    logging from this); None: uvicorn's own text."""
    if log_format != "json":
        return None
    handler = {
        "class": "logging.StreamHandler",
        "formatter": "json",
        "stream": "ext://sys.stderr",
    }
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"json": {"()": "telemetry.logs.JsonFormatter"}},
        "handlers": {"default": handler},
        "loggers": {
            "uvicorn": {"handlers": ["default"], "level": "INFO", "propagate": False},
            "uvicorn.error": {"level": "INFO"},
        },
        "root": {"handlers": ["default"], "level": "INFO"},
    }
