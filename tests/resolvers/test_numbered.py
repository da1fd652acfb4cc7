"""Numbered pages: Lago's page and per_page over the newest-first order, with the total."""

from __future__ import annotations

import pytest

from models import Customer
from resolvers.customers.create import create_customer
from resolvers.customers.fields import CustomerFields
from resolvers.errors import BadUserInput
from resolvers.numbered import MAX_PAGE, MAX_PER_PAGE, NumberedPage, numbered


@pytest.mark.parametrize(
    ("page", "per_page", "total", "pages", "next_page", "prev_page"),
    [
        (1, 20, 0, 0, None, None),
        (1, 20, 20, 1, None, None),
        (1, 20, 21, 2, 2, None),
        (2, 20, 21, 2, None, 1),
        (3, 20, 21, 2, None, None),  # beyond the last: no way back but page 1
        (2, 1, 3, 3, 3, 1),
    ],
)
def test_the_page_numbers(page, per_page, total, pages, next_page, prev_page):
    numbers: NumberedPage[Customer] = NumberedPage([], page, per_page, total)
    assert (numbers.total_pages, numbers.next_page, numbers.prev_page) == (
        pages,
        next_page,
        prev_page,
    )


async def test_rows_newest_first_and_more_than_a_hundred_is_a_hundred(org):
    for i in range(3):
        await create_customer(org.admin, CustomerFields(external_id=f"c{i}"))
    rows = Customer.filter(organization_id=org.id)
    page = await numbered(rows, 1, 10**9)
    assert page.per_page == MAX_PER_PAGE
    assert [c.external_id for c in page.items] == ["c2", "c1", "c0"]
    assert [c.external_id for c in (await numbered(rows, 2, 2)).items] == ["c0"]
    assert (await numbered(rows, MAX_PAGE, 100)).items == []


@pytest.mark.parametrize(
    ("page", "per_page", "field"),
    [(0, 1, "page"), (1, 0, "per_page"), (-5, 1, "page"), (2**31, 1, "page")],
)
async def test_numbers_below_one_name_their_parameter(org, page, per_page, field):
    with pytest.raises(BadUserInput) as refused:
        await numbered(Customer.filter(organization_id=org.id), page, per_page)
    assert refused.value.extensions == {"field": field}
