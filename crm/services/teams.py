"""Teams: groups of officers, and the access groups of OFFICIAL-SENSITIVE records."""

from __future__ import annotations

from sqlalchemy import func, select

from crm.extensions import db
from crm.models import Team, User


class TeamNameTaken(ValueError):
    """Another team already has this name."""


def get_team(team_id: int | None) -> Team | None:
    """One team by id; None for no id (a team not saved yet)."""
    return db.session.get(Team, team_id) if team_id is not None else None


def list_teams() -> list[tuple[Team, int]]:
    """Every team with its number of active members, by name."""
    members = (
        select(User.team_id, func.count().label("members"))
        .where(User.active.is_(True))
        .group_by(User.team_id)
        .subquery()
    )
    stmt = (
        select(Team, func.coalesce(members.c.members, 0))
        .outerjoin(members, members.c.team_id == Team.id)
        .order_by(Team.name, Team.id)
    )
    return [(team, int(count)) for team, count in db.session.execute(stmt)]


def all_teams() -> list[Team]:
    """Every team by name (for choices)."""
    return list(db.session.scalars(select(Team).order_by(Team.name, Team.id)))


def save_team(team: Team | None, *, name: str, description: str) -> Team:
    """Create a team (team None) or rename one; names are unique regardless of case."""
    clash = db.session.scalar(
        select(Team.id).where(func.lower(Team.name) == name.lower(), Team.id != (team.id if team else -1))
    )
    if clash is not None:
        raise TeamNameTaken(name)
    if team is None:
        team = Team(name=name, description=description)
        db.session.add(team)
    else:
        team.name, team.description = name, description
    db.session.flush()
    return team
