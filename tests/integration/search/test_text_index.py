"""The "contains" searches (people list, global search) follow every write to people, contacts and
actions, whichever way it is made, and find words anywhere in a value on both databases.

On SQLite they read the FTS5 trigram tables of migration 0007, kept by triggers; on PostgreSQL the
pg_trgm-indexed LIKEs of migrations 0005 and 0011. The same tests run on both.
"""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import delete, insert, text, update

from crm.extensions import db
from crm.models import Action, Engagement, Organisation, OrganisationAlias, Person
from crm.services import text_search
from crm.services.people.personal_data import erase_person
from tests import factories
from tests.html import page
from tests.integration.search.conftest import result_titles


def _people(client, q: str) -> list[str]:
    response = client.get("/people/", query_string={"q": q, "erased": "include"})
    return [link.get_text(strip=True) for link in page(response).select("#people tbody a.app-person-link")]


def test_a_renamed_person_is_found_by_the_new_name_only(officer_client):
    person = factories.PersonFactory(name="Marta Quillfeather", job_title="Counsel")
    assert _people(officer_client, "quillf") == ["Marta Quillfeather"]

    db.session.execute(update(Person).where(Person.id == person.id).values(name="Marta Brightwater"))
    db.session.commit()

    assert _people(officer_client, "quillf") == []
    assert _people(officer_client, "ightwat") == ["Marta Brightwater"]
    assert _people(officer_client, "counsel") == ["Marta Brightwater"]  # the unchanged column still indexed


def test_an_erased_persons_old_details_find_nothing(officer_client):
    person = factories.PersonFactory(
        name="Ilse Vandermolen", email="ilse.vandermolen@partner.example.org", job_title="Trust lead"
    )
    assert _people(officer_client, "vandermolen") == ["Ilse Vandermolen"]

    erase_person(person, now=datetime.now(UTC))
    db.session.commit()

    for old in ("vandermolen", "ilse.van", "trust lead"):
        assert _people(officer_client, old) == [], old


def test_bulk_inserted_and_deleted_people_are_followed(officer_client):
    # The synthetic loader writes with Core INSERTs; the index follows them too.
    organisation = factories.OrganisationFactory()
    db.session.execute(
        insert(Person),
        [
            {"name": f"Bulk Zephyrine {n}", "email": "", "job_title": "", "phone": "", "notes": ""}
            | {"organisation_id": organisation.id, "do_not_contact": False, "version": 1}
            for n in range(3)
        ],
    )
    db.session.commit()
    assert _people(officer_client, "zephyr") == ["Bulk Zephyrine 0", "Bulk Zephyrine 1", "Bulk Zephyrine 2"]

    db.session.execute(delete(Person).where(Person.name == "Bulk Zephyrine 1"))
    db.session.commit()
    assert _people(officer_client, "zephyr") == ["Bulk Zephyrine 0", "Bulk Zephyrine 2"]


def test_short_words_and_quotes_are_still_matched(officer_client):
    factories.PersonFactory(name="Jo Ng", email="jo.ng@partner.example.org")
    factories.PersonFactory(name='Ann "Nan" Okoro', email="ann@partner.example.org")

    # Two letters: too short for a trigram, matched by a scan instead.
    assert "Jo Ng" in _people(officer_client, "ng")
    # A double quote inside a word is part of the FTS5 phrase, not its syntax.
    assert _people(officer_client, '"nan"') == ['Ann "Nan" Okoro']
    assert _people(officer_client, 'ann "nan" oko') == ['Ann "Nan" Okoro']


def test_letters_beyond_ascii_match_in_either_case(officer_client):
    factories.PersonFactory(name="ŁUKASZ ŻELAZNY")
    assert _people(officer_client, "żelaz") == ["ŁUKASZ ŻELAZNY"]


def test_edited_and_deleted_contacts_and_actions_are_followed(officer, officer_client):
    engagement = factories.EngagementFactory(
        title="Quarterly review", summary="Discussed the Ospreyfield pilot"
    )
    action = factories.ActionFactory(title="Draft the Ospreyfield letter", owner_user=officer)

    def found() -> tuple[list[str], list[str]]:
        response = officer_client.get("/search", query_string={"q": "ospreyfield"})
        shown = page(response)
        # A group with no matches is left out of the page.
        return tuple(  # type: ignore[return-value]
            result_titles(response, name) if shown.select_one(f"section#{name}") else []
            for name in ("engagements", "actions")
        )

    engagements, actions = found()
    assert len(engagements) == 1 and "Quarterly review" in engagements[0]
    assert len(actions) == 1 and "Draft the Ospreyfield letter" in actions[0]

    db.session.execute(
        update(Engagement).where(Engagement.id == engagement.id).values(summary="Discussed the pilot")
    )
    db.session.execute(delete(Action).where(Action.id == action.id))
    db.session.commit()
    assert found() == ([], [])


def test_sqlite_answers_from_the_trigram_tables(app_context):
    if db.session.get_bind().dialect.name != "sqlite":
        pytest.skip("PostgreSQL's pg_trgm indexes (migration 0005) are chosen by its planner")
    factories.PersonFactory(name="Planner Check")
    from crm.services.people import listing

    filters = listing.PeopleFilters(terms=listing.parse_query("okaf"))
    stmt = db.select(Person.id).where(*listing._conditions(filters))
    compiled = stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
    assert "search_trgm_people" in plan
    assert "SCAN people" not in plan


def test_organisation_name_contains_answers_from_a_trigram_index(app_context):
    factories.OrganisationFactory(name="Planner Check Ltd")
    stmt = db.select(Organisation.id).where(text_search.organisation_name_contains("okaf"))
    compiled = stmt.compile(db.session.get_bind(), compile_kwargs={"literal_binds": True})
    if db.session.get_bind().dialect.name == "postgresql":
        # The planner would rather read a table this small: forbid that, to see that the index serves.
        db.session.execute(text("SET LOCAL enable_seqscan = off"))
        plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN {compiled}")))
        assert "search_trgm_organisations_name" in plan
    else:
        plan = " ".join(str(row) for row in db.session.execute(text(f"EXPLAIN QUERY PLAN {compiled}")))
        assert "organisation_search_trigram" in plan
        assert "SCAN organisations" not in plan


@pytest.mark.parametrize("word", ["okaf", "ok"])  # a word too short for trigrams is read from the names
def test_organisation_name_contains_the_name_only_whatever_the_case(app_context, word):
    named = factories.OrganisationFactory(name="OKAFOR Media")
    other = factories.OrganisationFactory(name="Lagos Press")
    other.aliases.append(OrganisationAlias(name="Okafor Press"))  # only its other name holds the word
    db.session.commit()
    found = db.session.scalars(db.select(Organisation.id).where(text_search.organisation_name_contains(word)))
    assert list(found) == [named.id]
