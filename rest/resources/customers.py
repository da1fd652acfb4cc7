"""Customers, by their external_id: Lago's `POST /customers` creates or updates one."""

from __future__ import annotations

from auth.grants import PermissionObject
from resolvers.customers.delete import delete_customer
from resolvers.customers.fields import CustomerFields
from resolvers.customers.get import get_customer
from resolvers.customers.page import page_customers
from resolvers.customers.upsert import upsert_customer
from rest.fields import INSTANT_OUT, STRING, TEXT, In, Input, Shape, column, lago_id
from rest.operations import Key, creating, deleting, getting, listing

CUSTOMER = PermissionObject.CUSTOMER
SHAPE = Shape(
    "customer",
    "customers",
    "Customer",
    (
        lago_id(),
        column("external_id", STRING),
        column("name", STRING, null=True),
        column("email", STRING, null=True),
        column("currency", STRING, null=True),
        column("created_at", INSTANT_OUT),
    ),
)
BODY = Input(
    "customer",
    "CustomerInput",
    CustomerFields,
    (
        In("external_id", TEXT, "external_id", description="Your application's id for it."),
        In("name", TEXT, "name", nullable=True),
        In("email", TEXT, "email", nullable=True),
        In("currency", TEXT, "currency", nullable=True, description="ISO 4217, such as EUR."),
    ),
)
KEY = Key("external_id", "external_id", "The customer's external_id.")

OPERATIONS = (
    listing(SHAPE, CUSTOMER, page_customers),
    creating(
        SHAPE,
        CUSTOMER,
        BODY,
        upsert_customer,
        summary="Create or update a customer by its external_id",
        description="A customer whose external_id exists already is updated in the fields "
        "given: sending it again is harmless.",
    ),
    getting(SHAPE, CUSTOMER, KEY, get_customer),
    deleting(
        SHAPE,
        CUSTOMER,
        KEY,
        delete_customer,
        failures=frozenset({404, 405}),
        description="Refused (405, `customer_in_use`) while it has subscriptions or invoices.",
    ),
)
