"""Helpers for the scorecard tests: counting queries, and a scorecard with hand-computed figures."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

import pytest
from flask import Flask
from sqlalchemy import event

from crm.models import Ask, CommitmentStatus, Organisation, RelationshipStatus, Sector, User
from crm.models.base import utcnow
from crm.timezones import london_today
from tests import factories

S = CommitmentStatus


@contextmanager
def count_queries(app: Flask) -> Iterator[list[str]]:
    """The SQL statements run inside the block (savepoint bookkeeping left out)."""
    statements: list[str] = []
    engine = app.extensions["test_engine"]

    def record(_conn, _cursor, statement, _params, _context, _executemany):  # type: ignore[no-untyped-def]
        if not statement.lstrip().upper().startswith(("SAVEPOINT", "RELEASE", "ROLLBACK")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", record)


@dataclass
class Grid:
    """Four technology companies with known positions on the five asks (see the fixture's table)."""

    asks: list[Ask]
    lead_a: User
    lead_b: User
    alpha: Organisation
    bravo: Organisation
    charlie: Organisation
    delta: Organisation


@pytest.fixture
def grid(app: Flask) -> Grid:
    """
    company        sub-type            lead   ask1        ask2           ask3         ask4         ask5
    alpha Video    video sharing       B      committed*  in discussion  -            -            -
    Bravo Chat     messaging platform  A      delivered   delivered      in progress  -            declined
    Charlie Cloud  cloud storage       A      delivered   not engaged    -            -            -
    Delta Games    gaming              -      in progress x5
    (* reviewed 200 days ago: review due; "-" means no Commitment row, shown as "Not engaged")
    Not on the scorecard: a law-enforcement body and an archived company, both with commitments.
    """
    today = london_today()
    asks = factories.five_asks()
    lead_a = factories.UserFactory(name="Amira Lead")
    lead_b = factories.UserFactory(name="Bea Lead")
    make = factories.OrganisationFactory
    alpha = make(name="alpha Video", sub_type="video sharing", lead_officer=lead_b)
    bravo = make(name="Bravo Chat", sub_type="messaging platform", lead_officer=lead_a)
    charlie = make(name="Charlie Cloud", sub_type="cloud storage", lead_officer=lead_a)
    delta = make(name="Delta Games", sub_type="gaming")
    police = make(name="Aardvark Police Unit", sector=Sector.LAW_ENFORCEMENT, sub_type="police force")
    archived = make(
        name="Archived Apps",
        archived_at=utcnow(),
        relationship_status=RelationshipStatus.CLOSED,
        lead_officer=lead_a,
    )
    positions = {
        alpha: {
            0: (S.COMMITTED, today - timedelta(days=200)),
            1: (S.IN_DISCUSSION, today - timedelta(days=10)),
        },
        bravo: {
            0: (S.DELIVERED, today),
            1: (S.DELIVERED, today),
            2: (S.IN_PROGRESS, today),
            4: (S.DECLINED, today),
        },
        charlie: {0: (S.DELIVERED, today), 1: (S.NOT_ENGAGED, today)},
        delta: {index: (S.IN_PROGRESS, today) for index in range(5)},
        police: {0: (S.DELIVERED, today)},
        archived: {0: (S.DELIVERED, today)},
    }
    for organisation, cells in positions.items():
        for index, (status, reviewed) in cells.items():
            factories.CommitmentFactory(
                organisation=organisation, ask=asks[index], status=status, last_reviewed_on=reviewed
            )
    return Grid(asks, lead_a, lead_b, alpha, bravo, charlie, delta)
