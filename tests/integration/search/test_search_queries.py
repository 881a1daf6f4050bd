"""The search page runs the same number of SQL statements however many records match."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from crm.models import AliasKind, OrganisationAlias, Tag
from tests import factories
from tests.integration.search.conftest import count_queries, group_count


def _records(officer, start: int, count: int) -> None:
    """count of each kind of record mentioning "puffin", with the links a result shows."""
    for n in range(start, start + count):
        organisation = factories.OrganisationFactory(
            name=f"Puffin Group {n}",
            summary=f"Puffin notes {n}",
            aliases=[OrganisationAlias(name=f"Puffin Alias {n}", kind=AliasKind.ALIAS)],
            tags=[Tag(name=f"puffin tag {n}")],
        )
        factories.PersonFactory(name=f"Puffin Person {n}", organisation=organisation)
        engagement = factories.EngagementFactory(
            title=f"Puffin meeting {n}",
            summary=f"Talked puffin {n}",
            organisations=[organisation],
            starts_at=datetime.now(UTC) - timedelta(days=n + 1),
        )
        factories.ActionFactory(
            title=f"Puffin action {n}",
            owner_user=officer,
            engagement=engagement,
            organisations=[organisation],
        )


def _measure(app, client, url: str) -> tuple[int, object]:
    with count_queries(app) as statements:
        response = client.get(url)
    assert response.status_code == 200
    return len(statements), response


def test_the_query_count_does_not_grow_with_the_data(app, officer, officer_client):
    _records(officer, 0, 2)
    small, response = _measure(app, officer_client, "/search?q=puffin")
    assert group_count(response, "actions") == 2

    _records(officer, 2, 28)
    large, response = _measure(app, officer_client, "/search?q=puffin")
    assert [
        group_count(response, name) for name in ("organisations", "people", "engagements", "actions")
    ] == [
        30,
        30,
        30,
        30,
    ]
    assert large == small
    # Measured: 13 on SQLite, 14 on PostgreSQL (its typo candidates cost one more): the search's 10
    # or 11, a settings read, and the test's savepoint in and out. A bound that catches a query per row.
    assert small <= 16, small


def test_a_search_with_a_typo_costs_the_same(app, officer, officer_client):
    _records(officer, 0, 2)
    small, _ = _measure(app, officer_client, "/search?q=puffn")
    _records(officer, 2, 20)
    large, _ = _measure(app, officer_client, "/search?q=puffn")
    assert large == small
