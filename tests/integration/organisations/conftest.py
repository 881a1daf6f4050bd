"""Fixtures for the organisation tests: organisations with other names and tags, and a query counter."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pytest
from flask import Flask
from sqlalchemy import select

from crm.extensions import db
from crm.models import AliasKind, Organisation, OrganisationAlias, Sector, Tag
from tests import factories, sql


@pytest.fixture
def make_organisation(app: Flask) -> Callable[..., Organisation]:
    """make_organisation("Name", aliases=[...], former=[...], tags=[...], **columns) committed."""

    def make(
        name: str,
        *,
        aliases: tuple[str, ...] | list[str] = (),
        former: tuple[str, ...] | list[str] = (),
        tags: tuple[str, ...] | list[str] = (),
        **columns: Any,
    ) -> Organisation:
        columns.setdefault("sector", Sector.TECHNOLOGY)
        organisation = factories.OrganisationFactory(
            name=name,
            aliases=[OrganisationAlias(name=alias, kind=AliasKind.ALIAS) for alias in aliases]
            + [OrganisationAlias(name=alias, kind=AliasKind.FORMER) for alias in former],
            tags=[_tag(tag) for tag in tags],
            **columns,
        )
        return organisation

    return make


def _tag(name: str) -> Tag:
    return db.session.scalar(select(Tag).where(Tag.name == name)) or factories.TagFactory(name=name)


class QueryCounter:
    """Counts the SQL statements run on the test engine while active."""

    def __init__(self) -> None:
        self.statements: list[str] = []

    @property
    def count(self) -> int:
        return len(self.statements)


@pytest.fixture
def count_queries(app: Flask) -> Callable[[], Any]:
    @contextmanager
    def counting() -> Iterator[QueryCounter]:
        counter = QueryCounter()
        with sql.count_queries(app) as statements:
            counter.statements = statements
            yield counter

    return counting


def fresh(model: type, record_id: int) -> Any:
    """The record as the next request would read it."""
    db.session.expire_all()
    return db.session.get(model, record_id)
