"""The Strawberry schema: thin fields that call the use cases in resolvers/."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import strawberry
from graphql import GraphQLError
from strawberry.extensions import MaxAliasesLimiter, QueryDepthLimiter
from strawberry.tools import merge_types
from strawberry.types.base import get_object_definition

from schema.billing.mutation import BillingMutation
from schema.billing.query import BillingQuery
from schema.document import CheckedDocuments, Rules
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


@lru_cache(maxsize=4)
def _our_rules(strawberrys: Rules) -> Rules:
    """Strawberry's rules, a bad value inline reported as BAD_USER_INPUT naming its field
    (as in a variable), and the depth and alias limits."""
    return (*naming_their_field(strawberrys), *LIMIT_RULES)


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
    # The token limit, parse and validation, each cached (the endpoint's parse and
    # execution's share one cache): one extension, as each costs every request its hooks.
    extensions=[lambda: CheckedDocuments(_our_rules)],
)
