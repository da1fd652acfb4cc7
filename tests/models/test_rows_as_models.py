"""`rows_as_models`: a row that a hand-written statement returns becomes the same instance
that Tortoise's own SELECT makes of it."""

from __future__ import annotations

from tortoise import Tortoise

from models import Organization
from models.tortoise_adapter import rows_as_models


async def test_a_returned_row_is_the_instance_a_select_makes(settings):
    made = await Organization.create(name="Rows")
    rows = await Tortoise.get_connection("default").execute_query_dict(
        "SELECT * FROM organization WHERE name = " + ("?" if settings.is_sqlite else "$1"),
        ["Rows"],
    )
    (instance,) = rows_as_models(Organization, rows)
    selected = await Organization.get(id=made.id)
    assert isinstance(instance, Organization) and instance.pk == selected.pk
    assert {f: getattr(instance, f) for f in Organization._meta.db_fields} == {
        f: getattr(selected, f) for f in Organization._meta.db_fields
    }
