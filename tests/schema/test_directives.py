"""Every field that reads or writes an object carries @requiresPermission in the printed schema."""

from __future__ import annotations

from graphql import GraphQLObjectType, build_schema, get_named_type, print_ast

from schema import schema

# Fields that touch no object, or only the caller's own identity.
ALLOWED = {
    "Mutation.login",
    "Mutation.logout",
    # People (issue 18): a token from an e-mail, or the caller's own session.
    "Mutation.acceptInvitation",
    "Mutation.switchOrganization",
    "Mutation.requestPasswordReset",
    "Mutation.resetPassword",
    "Query.viewer",
    # Any type by id: the type, and so the permission, is known only once the id is found;
    # resolvers/nodes/get.py asks the policy for READ on it (FORBIDDEN otherwise).
    "Query.node",
    "Query.nodes",
}
# Object types that stand for a PermissionObject.
GUARDED_TYPES = {
    "ApiKey",
    "AuditEvent",
    "Member",
    "Organization",
    "Customer",
    "Plan",
    "BillableMetric",
    "Subscription",
    "Invoice",
    "Event",
}
# Wrappers that belong to the field returning them, not objects of their own.
WRAPPERS = {"ApiKeyWithSecret", "Session", "Viewer", "PageInfo"}


def _unguarded() -> list[str]:
    printed = build_schema(schema.as_str())
    missing = []
    for type_name, graphql_type in printed.type_map.items():
        if not isinstance(graphql_type, GraphQLObjectType) or type_name.startswith("__"):
            continue
        for field_name, field in graphql_type.fields.items():
            name = f"{type_name}.{field_name}"
            target = get_named_type(field.type).name
            touches = type_name in ("Query", "Mutation") or (
                type_name in GUARDED_TYPES
                and (target in GUARDED_TYPES or target.endswith("Connection"))
            )
            directives = [print_ast(d) for d in field.ast_node.directives or ()]
            if (
                touches
                and name not in ALLOWED
                and not any(
                    "@requiresPermission" in d or "@requiresAdminSession" in d for d in directives
                )
            ):
                missing.append(name)
    return missing


def test_every_field_that_touches_an_object_is_guarded():
    assert _unguarded() == []


def test_the_walk_sees_the_fields_it_must():
    printed = schema.as_str()
    for guarded in (
        "customers(first: Int = 20, after: String = null, last: Int = null, before: String = null): CustomerConnection! @requiresPermission(object: CUSTOMER, access: READ)",
        "subscriptions: [Subscription!] @requiresPermission(object: SUBSCRIPTION, access: READ)",
        "customer: Customer @requiresPermission(object: CUSTOMER, access: READ)",
        "ingestEvents(events: [EventInput!]!): [Event!]! @requiresPermission(object: EVENT, access: WRITE)",
    ):
        assert guarded in printed
