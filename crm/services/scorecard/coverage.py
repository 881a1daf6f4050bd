"""Coverage: which sectors have recorded work on which asks in a period, and which companies none.

An engagement counts once for a sector when at least one organisation of that sector took part, so a
round table with two companies and a police force counts once for technology and once for law
enforcement. Counts go through the access scope: an officer counts only the engagements they may read.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, case, distinct, exists, func, select, true
from sqlalchemy.sql.elements import ColumnElement

from crm.extensions import db
from crm.models import (
    Ask,
    Classification,
    Engagement,
    Framework,
    Organisation,
    Sector,
    User,
    engagement_asks,
    engagement_organisations,
)
from crm.services.access import visibility_clause, visible
from crm.services.months import Period
from crm.services.scorecard.matrix import technology_companies


@dataclass(frozen=True)
class CoverageRow:
    """One ask: engagements per sector in the period, and the technology companies with none."""

    ask: Ask
    counts: dict[Sector, int]
    silent_companies: list[Organisation]


@dataclass(frozen=True)
class Coverage:
    """The coverage grid for a framework and a period."""

    framework: Framework
    period: Period
    rows: list[CoverageRow]
    marking: Classification


def _in_period(period: Period) -> list[ColumnElement[bool]]:
    return [Engagement.starts_at >= period.starts_at, Engagement.starts_at < period.ends_before]


def coverage(*, framework: Framework, period: Period, user: User) -> Coverage:
    """Engagements per (ask, sector) in the period, and silent companies per ask (two queries)."""
    ask_ids = [ask.id for ask in framework.asks]
    sensitive = case((Engagement.classification == Classification.OFFICIAL_SENSITIVE, 1), else_=0)
    counts_stmt = (
        select(
            engagement_asks.c.ask_id,
            Organisation.sector,
            func.count(distinct(Engagement.id)),
            func.max(sensitive),
        )
        .select_from(Engagement)
        .join(engagement_asks, engagement_asks.c.engagement_id == Engagement.id)
        .join(engagement_organisations, engagement_organisations.c.engagement_id == Engagement.id)
        .join(Organisation, Organisation.id == engagement_organisations.c.organisation_id)
        .where(engagement_asks.c.ask_id.in_(ask_ids), *_in_period(period))
        .group_by(engagement_asks.c.ask_id, Organisation.sector)
    )
    counts: dict[int, dict[Sector, int]] = {}
    any_sensitive = False
    for ask_id, sector, count, has_sensitive in db.session.execute(visible(counts_stmt, Engagement, user)):
        counts.setdefault(ask_id, {})[Sector(sector)] = int(count)
        any_sensitive = any_sensitive or bool(has_sensitive)

    recorded = exists().where(
        engagement_asks.c.ask_id == Ask.id,
        engagement_asks.c.engagement_id == Engagement.id,
        engagement_organisations.c.engagement_id == Engagement.id,
        engagement_organisations.c.organisation_id == Organisation.id,
        visibility_clause(Engagement, user),
        *_in_period(period),
    )
    silent_stmt = (
        select(Ask.id, Organisation)
        .select_from(Ask)
        .join(Organisation, true())  # every company against every ask of the framework
        .where(and_(Ask.framework_id == framework.id, *technology_companies()), ~recorded)
        .order_by(Ask.position, func.lower(Organisation.name), Organisation.id)
    )
    silent: dict[int, list[Organisation]] = {}
    for ask_id, organisation in db.session.execute(silent_stmt):
        silent.setdefault(ask_id, []).append(organisation)

    rows = [
        CoverageRow(
            ask=ask,
            counts={sector: counts.get(ask.id, {}).get(sector, 0) for sector in Sector},
            silent_companies=silent.get(ask.id, []),
        )
        for ask in framework.asks
    ]
    marking = Classification.OFFICIAL_SENSITIVE if any_sensitive else Classification.OFFICIAL
    return Coverage(framework=framework, period=period, rows=rows, marking=marking)
