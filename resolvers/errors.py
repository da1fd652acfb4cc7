"""The expected failures, defined once, each with its code (resolvers/codes.py);
schema/errors.py turns them into GraphQL errors."""

from __future__ import annotations

from typing import Any

from resolvers.codes import ErrorCode


class DomainError(Exception):
    code: ErrorCode = ErrorCode.INTERNAL_SERVER_ERROR

    def __init__(self, message: str, **extensions: Any) -> None:
        super().__init__(message)
        self.message = message
        self.extensions = extensions


class NotFound(DomainError):
    code = ErrorCode.NOT_FOUND


class Forbidden(DomainError):
    code = ErrorCode.FORBIDDEN


class BadUserInput(DomainError):
    code = ErrorCode.BAD_USER_INPUT

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message, field=field)


class Conflict(DomainError):
    code = ErrorCode.CONFLICT


class Unauthenticated(DomainError):
    code = ErrorCode.UNAUTHENTICATED


class RateLimited(DomainError):
    """Too many attempts; `retry_after` seconds until the next one is checked."""

    code = ErrorCode.RATE_LIMITED

    def __init__(self, message: str, retry_after: int) -> None:
        super().__init__(message, retryAfter=retry_after)
        self.retry_after = retry_after


class SudoRequired(DomainError):
    """A session must re-enter its password (confirmPassword) before this operation."""

    code = ErrorCode.SUDO_REQUIRED


# People (issue 18)
class OrganizationRequired(DomainError):
    """Credentials that hold for several organizations, none named: which one?"""

    code = ErrorCode.ORGANIZATION_REQUIRED

    def __init__(self, organizations: list[dict[str, str]]) -> None:
        super().__init__(
            "a member of several organizations: name one (organizationId)",
            organizations=organizations,
        )
