"""Keys limited to chosen customers: what such a key sees of each billing object.

A limited key's principal carries the ids of its customers. Every read and write of a
customer, or of what hangs off one (its subscriptions, invoices and events), goes through
`limit_of`; a row outside reads as not found, like another organization's. Plans and
billable metrics belong to no customer: a limited key sees them all.
"""

from __future__ import annotations

from collections.abc import Sequence

from tortoise.expressions import Q, Subquery
from tortoise.models import Model

from auth.principal import Principal
from models import Customer, Event, Invoice, Subscription
from resolvers.errors import BadUserInput


def limit_of(model: type[Model], principal: Principal) -> Q:
    """The condition a row of `model` meets when the principal may use it."""
    ids = principal.customer_ids
    if ids is None:
        return Q()
    if model is Customer:
        return Q(id__in=sorted(ids))
    if model in (Subscription, Invoice):
        return Q(customer_id__in=sorted(ids))
    if model is Event:
        named = Customer.filter(organization_id=principal.organization_id, id__in=sorted(ids))
        return Q(external_customer_id__in=Subquery(named.values("external_id")))
    return Q()


async def require_event_customers(principal: Principal, events: Sequence[tuple[str, str]]) -> None:
    """Every event of a batch, (transactionId, externalCustomerId), names a customer the key
    may use, and repeats no event of another customer (a repeat answers the stored event).
    The refusal names each event refused by its place in the batch; none is stored."""
    if principal.customer_ids is None:
        return
    named = Customer.filter(
        organization_id=principal.organization_id, id__in=sorted(principal.customer_ids)
    )
    mine = {str(ext) for ext in await named.values_list("external_id", flat=True)}
    theirs = Event.filter(
        organization_id=principal.organization_id,
        transaction_id__in=sorted({tid for tid, _ in events}),
    ).exclude(external_customer_id__in=sorted(mine))
    taken = {str(tid) for tid in await theirs.values_list("transaction_id", flat=True)}
    refused = [
        f"events[{i}]" for i, (tid, ext) in enumerate(events) if ext not in mine or tid in taken
    ]
    if refused:
        raise BadUserInput(
            "externalCustomerId",
            f"{', '.join(refused)}: externalCustomerId names no customer this key may use",
        )
