"""The Strawberry schema: thin fields that call the use cases in resolvers/."""

from __future__ import annotations

from collections.abc import Iterable
from inspect import isawaitable
from typing import Any

import strawberry
from graphql import GraphQLError, get_operation_ast, specified_rules
from graphql import OperationType as Kind
from strawberry.execution import optimized_is_awaitable
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.schema.schema import _coerce_error
from strawberry.tools import merge_types
from strawberry.types import ExecutionResult
from strawberry.types.base import get_object_definition
from strawberry.types.graphql import OperationType

from schema.billing.mutation import BillingMutation
from schema.billing.query import BillingQuery
from schema.document import CheckedDocuments, Rules, ready_document
from schema.execution import PlainFieldsExecution
from schema.input_errors import naming_their_field
from schema.mutation import Mutation
from schema.people.mutation import PeopleMutation
from schema.people.query import PeopleQuery
from schema.query import Query
from schema.sudo import SudoMutation
from schema.webhooks.mutation import WebhooksMutation
from schema.webhooks.query import WebhooksQuery

MAX_DEPTH = 10
MAX_ALIASES = 30
# The limiters' rule classes, made once: QueryDepthLimiter makes a new rule class
# per instance, and ValidationCache keys on the rules, so per-request limiters
# made every request miss the cache (validation was half of a request's time).
LIMIT_RULES = [
    *QueryDepthLimiter(max_depth=MAX_DEPTH).validation_rules,
    *MaxAliasesLimiter(max_alias_count=MAX_ALIASES).validation_rules,
]


# Strawberry's rules (its defaults: no extension of ours changes them), a bad value inline
# reported as BAD_USER_INPUT naming its field (as in a variable), and the depth and alias
# limits; made once.
_RULES: Rules = (*naming_their_field(tuple(specified_rules)), *LIMIT_RULES)


# The token limit, parse and validation, each cached (the endpoint's parse and execution's
# share one cache): one extension, as each costs every request its hooks.
def _checked_documents() -> CheckedDocuments:
    return CheckedDocuments(_RULES)


# The direct way (Schema.execute) is taken only while this is the schema's one extension:
# add another and every request goes Strawberry's way, through it.
_ONLY_CHECKS = (_checked_documents,)


_PLAIN = (Kind.QUERY, Kind.MUTATION)


class Schema(strawberry.Schema):
    def as_str(self) -> str:
        """The SDL, with its schema block: graphql-core leaves the block out when the roots
        have the standard names, and tools then take the billing object type named
        `Subscription` for the subscription root."""
        roots = {"query": self.query, "mutation": self.mutation}
        block = "".join(
            f"  {kind}: {get_object_definition(root, strict=True).name}\n"
            for kind, root in roots.items()
            if root is not None
        )
        return f"schema {{\n{block}}}\n\n{super().as_str()}"

    async def execute(
        self,
        query: str | None,
        variable_values: dict[str, Any] | None = None,
        context_value: Any | None = None,
        root_value: Any | None = None,
        operation_name: str | None = None,
        allowed_operation_types: Iterable[OperationType] | None = None,
        operation_extensions: dict[str, Any] | None = None,
    ) -> ExecutionResult:
        """A document that parses, validates (both cached) and names one query or mutation
        runs straight on graphql-core's execution, with the same execution context class:
        Strawberry's own way adds, per request, an execution context, an extension runner,
        four hook stacks and a middleware manager, for one extension whose work is what
        `ready_document` does. Any other document, or any other extension, goes Strawberry's
        way, which says what is wrong with it."""
        document = None
        if allowed_operation_types is None and self.extensions == _ONLY_CHECKS and query:
            document = ready_document(self._schema, query, _RULES)
        operation = get_operation_ast(document, operation_name) if document else None
        if document is None or operation is None or operation.operation not in _PLAIN:
            return await super().execute(
                query,
                variable_values,
                context_value,
                root_value,
                operation_name,
                allowed_operation_types,
                operation_extensions,
            )
        try:
            result = self._get_execute_function()(
                self._schema,
                document,
                root_value=root_value,
                context_value=context_value,
                variable_values=variable_values,
                operation_name=operation_name,
                is_awaitable=optimized_is_awaitable,
                executor_class=self.execution_context_class,
                operation_extensions=operation_extensions,
            )
            if isawaitable(result):
                result = await result
        except Exception as error:  # noqa: BLE001 - as Strawberry answers it
            return ExecutionResult(data=None, errors=[_coerce_error(error)], extensions={})
        if result.errors:
            self._process_errors(result.errors)
        return ExecutionResult(data=result.data, errors=result.errors, extensions={})

    def process_errors(self, errors: list[GraphQLError], execution_context: Any = None) -> None:
        """Strawberry would log each error with the query text, which may hold a password
        or a token; schema/errors.py logs what is unexpected, without it."""


schema = Schema(
    query=merge_types("Query", (Query, BillingQuery, PeopleQuery, WebhooksQuery)),
    mutation=merge_types(
        "Mutation", (Mutation, BillingMutation, SudoMutation, PeopleMutation, WebhooksMutation)
    ),
    # Plain fields read in one pass: a page of 100 rows skips some 700 field steps.
    execution_context_class=PlainFieldsExecution,
    extensions=[_checked_documents],
)
