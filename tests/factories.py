"""factory-boy factories for the models, committing into the test's rolled-back transaction."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import factory
from factory.alchemy import SQLAlchemyModelFactory

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Ask,
    Classification,
    Commitment,
    CommitmentStatus,
    Engagement,
    EngagementKind,
    Organisation,
    Person,
    Role,
    Sector,
    Tag,
    Team,
    User,
)
from crm.services.users import hash_password

# Hashing with argon2 is deliberately slow: hash once and share it between test users.
TEST_PASSWORD = "correct horse battery staple"
_TEST_PASSWORD_HASH = hash_password(TEST_PASSWORD)


class BaseFactory(SQLAlchemyModelFactory):
    class Meta:
        abstract = True
        sqlalchemy_session_factory = lambda: db.session  # noqa: E731 (the session is swapped per test)
        # Committed (a savepoint inside the test's transaction), so they outlive each request's session.
        sqlalchemy_session_persistence = "commit"


class TeamFactory(BaseFactory):
    class Meta:
        model = Team

    name = factory.Sequence(lambda n: f"Team {n}")
    description = ""


class UserFactory(BaseFactory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"user{n}@test.example.org")
    name = factory.Sequence(lambda n: f"Test User {n}")
    password_hash = _TEST_PASSWORD_HASH
    role = Role.OFFICER
    active = True


class OrganisationFactory(BaseFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Organisation {n}")
    sector = Sector.TECHNOLOGY
    sub_type = "messaging platform"


class PersonFactory(BaseFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"Person {n}")
    email = factory.Sequence(lambda n: f"person{n}@partner.example.org")
    organisation = factory.SubFactory(OrganisationFactory)


class EngagementFactory(BaseFactory):
    class Meta:
        model = Engagement

    kind = EngagementKind.MEETING
    title = factory.Sequence(lambda n: f"Meeting {n}")
    starts_at = factory.LazyFunction(lambda: datetime.now(UTC) - timedelta(days=1))
    classification = Classification.OFFICIAL


class ActionFactory(BaseFactory):
    """An action owed by us (pass owner_user); owed by a partner: pass owner_organisation and chaser."""

    class Meta:
        model = Action

    title = factory.Sequence(lambda n: f"Action {n}")
    status = ActionStatus.OPEN
    classification = Classification.OFFICIAL


class TagFactory(BaseFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"tag {n}")


class CommitmentFactory(BaseFactory):
    """Pass organisation and ask (asks are seeded: look one up with crm.models.Ask)."""

    class Meta:
        model = Commitment

    status = CommitmentStatus.IN_DISCUSSION


def five_asks() -> list[Ask]:
    """The seeded 2018 asks, in order."""
    from sqlalchemy import select

    from crm.models import FIVE_ASKS_KEY, Framework

    return list(
        db.session.scalars(
            select(Ask).join(Framework).where(Framework.key == FIVE_ASKS_KEY).order_by(Ask.position)
        )
    )
