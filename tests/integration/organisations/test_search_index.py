"""The search index lives in the database, follows every write, and stays out of autogenerate's way."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import insert, select

from crm.extensions import db
from crm.models import Organisation, Sector
from crm.services.organisations import search
from tests.html import page


# SQLAlchemy cannot reflect SQLite's expression indexes (lower(name)); it skips them with a warning
# (as tests/integration/test_migrations.py does).
@pytest.mark.filterwarnings(
    "ignore:Skipped unsupported reflection of expression-based index:sqlalchemy.exc.SAWarning",
    "ignore:autogenerate skipping metadata-specified expression-based index:UserWarning",
)
def test_models_and_migrations_agree_apart_from_the_search_index(app):
    # What test_migrations checks, with the include_name hook this feature asks migrations/env.py to use.
    with app.extensions["test_engine"].connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "include_name": search.include_name}
        )
        assert compare_metadata(context, db.metadata) == []


def test_the_hook_only_hides_the_search_tables():
    assert not search.include_name("organisation_search", "table", {})
    assert not search.include_name("organisation_search_trigram_idx", "table", {})
    assert search.include_name("organisations", "table", {})
    assert search.include_name("organisation_search", "column", {})


def test_bulk_inserts_are_indexed_too(officer_client, app_context):
    # The synthetic volume loader writes with Core INSERTs, bypassing the ORM: triggers still index them.
    db.session.execute(
        insert(Organisation),
        [
            {"name": f"Bulk Lumen {n}", "sector": Sector.TECHNOLOGY, "summary": "", "version": 1}
            for n in range(3)
        ],
    )
    db.session.commit()
    response = officer_client.get("/organisations/?q=lumen")
    names = [a.get_text(strip=True) for a in page(response).select("#organisations tbody a")]
    assert names == ["Bulk Lumen 0", "Bulk Lumen 1", "Bulk Lumen 2"]


def test_deleting_an_organisation_removes_it_from_the_index(app_context, make_organisation):
    org = make_organisation("Short Lived Org")
    assert search.typo_candidates(("shorr", "lived")) != []
    db.session.delete(db.session.get(Organisation, org.id))
    db.session.commit()
    assert search.typo_candidates(("shorr", "lived")) == []
    plan = search.plan_search(search.parse_query("short lived"))
    assert db.session.scalars(select(plan.matches.c.organisation_id)).all() == []


def test_the_list_costs_the_same_number_of_queries_whatever_the_rows(
    officer_client, make_organisation, count_queries
):
    for number in range(3):
        make_organisation(f"Few Heron {number}", aliases=[f"FH{number}"], tags=["few"])
    officer_client.get("/organisations/?q=heron")  # warm up
    with count_queries() as few:
        officer_client.get("/organisations/?q=heron")
    for number in range(60):
        make_organisation(f"Many Heron {number}", aliases=[f"MH{number}"], tags=[f"many {number}"])
    with count_queries() as many:
        response = officer_client.get("/organisations/?q=heron")
    assert len(page(response).select("#organisations tbody tr")) == 50
    assert few.count == many.count, many.statements
    with count_queries() as plain:
        officer_client.get("/organisations/?sort=quiet&no_contact=90")
    assert plain.count <= many.count
    print(f"organisations list with a search: {many.count} queries; without: {plain.count}")


def test_typo_candidates_are_fetched_with_a_limit(app_context, make_organisation):
    for number in range(30):
        make_organisation(f"Kestrel Branch {number}")
    assert len(search.typo_candidates(("kestral",), limit=10)) == 10
