"""A value written in the query that does not fit its type is BAD_USER_INPUT naming the
field, the same answer as when the value comes in a variable: a client branches on one
code however it sends its input (an unknown enum value, a string for an Int, an instant
UTC cannot hold, a missing or unknown input field)."""

from __future__ import annotations

from typing import Any

from graphql import (
    ArgumentNode,
    ASTValidationRule,
    GraphQLError,
    GraphQLInputType,
    ValueNode,
    ValuesOfCorrectTypeRule,
    validate_input_literal,
)
from graphql.language.visitor import SKIP, VisitorAction

from resolvers.codes import ErrorCode
from schema.graphql_messages import field_named_in


class ValuesNamingTheirField(ValuesOfCorrectTypeRule):
    """graphql-core's rule, reporting BAD_USER_INPUT with the innermost field's name."""

    _argument: str | None = None

    def enter_argument(self, node: ArgumentNode, *_args: Any) -> None:
        self._argument = node.name.value

    def is_valid_value_node(
        self, node: ValueNode, input_type: GraphQLInputType | None
    ) -> VisitorAction:
        if input_type:
            validate_input_literal(
                node, input_type, self._report, None, None, self.context.hide_suggestions
            )
        return SKIP

    def _report(self, error: GraphQLError, path: list[str | int]) -> None:
        names = [step for step in path if isinstance(step, str)]
        field = field_named_in(error.message) or (names[-1] if names else self._argument)
        extensions = {"code": ErrorCode.BAD_USER_INPUT.value, "field": field}
        self.report_error(GraphQLError(error.message, error.nodes, extensions=extensions))


def naming_their_field(rules: tuple[type[ASTValidationRule], ...]) -> list[type[ASTValidationRule]]:
    """`rules`, with `ValuesNamingTheirField` where graphql-core's own rule was."""
    return [_swapped(rule) for rule in rules]


def _swapped(rule: type[ASTValidationRule]) -> type[ASTValidationRule]:
    return ValuesNamingTheirField if rule is ValuesOfCorrectTypeRule else rule
