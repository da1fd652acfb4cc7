"""Billable metrics, by their code."""

from __future__ import annotations

from auth.grants import PermissionObject
from models import Aggregation
from resolvers.billable_metrics.create import create_billable_metric
from resolvers.billable_metrics.delete import delete_billable_metric
from resolvers.billable_metrics.fields import BillableMetricFields
from resolvers.billable_metrics.get import get_billable_metric
from resolvers.billable_metrics.page import page_billable_metrics
from resolvers.billable_metrics.update import update_billable_metric
from rest.fields import (
    INSTANT_OUT,
    STRING,
    TEXT,
    In,
    Input,
    Shape,
    choice,
    column,
    enum_column,
    lago_id,
)
from rest.operations import Key, creating, deleting, getting, listing, updating

METRIC = PermissionObject.BILLABLE_METRIC
# Lago's names of the aggregations this service has.
AGGREGATIONS = {f"{member.value.lower()}_agg": member for member in Aggregation}
SHAPE = Shape(
    "billable_metric",
    "billable_metrics",
    "BillableMetric",
    (
        lago_id(),
        column("name", STRING),
        column("code", STRING),
        enum_column("aggregation_type", AGGREGATIONS, "aggregation"),
        column("field_name", STRING, null=True),
        column("created_at", INSTANT_OUT),
    ),
)
BODY = Input(
    "billable_metric",
    "BillableMetricInput",
    BillableMetricFields,
    (
        In("name", TEXT, "name"),
        In("code", TEXT, "code", description="Unique in the organization."),
        In("aggregation_type", choice(AGGREGATIONS), "aggregation"),
        In(
            "field_name",
            TEXT,
            "field_name",
            nullable=True,
            description="The event property aggregated; every aggregation but count_agg needs it.",
        ),
    ),
)
KEY = Key("code", "code", "The billable metric's code.")

OPERATIONS = (
    listing(SHAPE, METRIC, page_billable_metrics),
    creating(SHAPE, METRIC, BODY, create_billable_metric),
    getting(SHAPE, METRIC, KEY, get_billable_metric),
    updating(SHAPE, METRIC, KEY, BODY, update_billable_metric),
    deleting(SHAPE, METRIC, KEY, delete_billable_metric),
)
