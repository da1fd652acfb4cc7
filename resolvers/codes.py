"""Every `extensions.code` the API answers with, in one list. schema/errors.py gives each
its HTTP status and meaning; README's table of errors is checked against both."""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    # The request itself
    BAD_REQUEST = "BAD_REQUEST"
    PAYLOAD_TOO_LARGE = "PAYLOAD_TOO_LARGE"
    UNSUPPORTED_MEDIA_TYPE = "UNSUPPORTED_MEDIA_TYPE"
    NOT_ACCEPTABLE = "NOT_ACCEPTABLE"
    GRAPHQL_PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
    GRAPHQL_VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
    QUERY_TOO_LARGE = "QUERY_TOO_LARGE"
    QUERY_TOO_DEEP = "QUERY_TOO_DEEP"
    TOO_MANY_ALIASES = "TOO_MANY_ALIASES"
    # The caller
    UNAUTHENTICATED = "UNAUTHENTICATED"
    RATE_LIMITED = "RATE_LIMITED"
    FORBIDDEN = "FORBIDDEN"
    # The operation
    BAD_USER_INPUT = "BAD_USER_INPUT"
    NOT_FOUND = "NOT_FOUND"
    CONFLICT = "CONFLICT"
    SUDO_REQUIRED = "SUDO_REQUIRED"
    # The service
    SERVICE_UNAVAILABLE = "SERVICE_UNAVAILABLE"
    INTERNAL_SERVER_ERROR = "INTERNAL_SERVER_ERROR"
    # People (issue 18)
    ORGANIZATION_REQUIRED = "ORGANIZATION_REQUIRED"
    # Metering (auth/metering.py)
    USAGE_EXCEEDED = "USAGE_EXCEEDED"
