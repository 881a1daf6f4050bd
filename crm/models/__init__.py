"""All models, importable from one place (Alembic and the services import them from here)."""

from crm.models.action import (
    OUTSTANDING_STATUSES,
    Action,
    ActionStatus,
    ActionUpdate,
    Priority,
    action_organisations,
)
from crm.models.audit import AuditEvent
from crm.models.base import Base
from crm.models.classification import Classification
from crm.models.engagement import (
    Engagement,
    EngagementKind,
    engagement_asks,
    engagement_officers,
    engagement_organisations,
    engagement_people,
)
from crm.models.framework import FIVE_ASKS_KEY, Ask, Commitment, CommitmentStatus, Framework
from crm.models.organisation import (
    AliasKind,
    Organisation,
    OrganisationAlias,
    RelationshipStatus,
    Sector,
    Tag,
    organisation_tags,
)
from crm.models.person import Person, PersonRole
from crm.models.setting import Setting
from crm.models.user import Role, Team, User

__all__ = [
    "FIVE_ASKS_KEY",
    "OUTSTANDING_STATUSES",
    "Action",
    "ActionStatus",
    "ActionUpdate",
    "AliasKind",
    "Ask",
    "AuditEvent",
    "Base",
    "Classification",
    "Commitment",
    "CommitmentStatus",
    "Engagement",
    "EngagementKind",
    "Framework",
    "Organisation",
    "OrganisationAlias",
    "Person",
    "PersonRole",
    "Priority",
    "RelationshipStatus",
    "Role",
    "Sector",
    "Setting",
    "Tag",
    "Team",
    "User",
    "action_organisations",
    "engagement_asks",
    "engagement_officers",
    "engagement_organisations",
    "engagement_people",
    "organisation_tags",
]
