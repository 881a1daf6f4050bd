"""Saving a logged contact and changing one, in one transaction.

create_engagement() adds the engagement, its links, a new person and its follow-up actions and
flushes once, so they are written together or not at all. Check the details first with
crm.services.engagements.checks.build_details(). Services flush; the view commits.
"""

from __future__ import annotations

from datetime import date

from crm.extensions import db
from crm.models import (
    Action,
    ActionStatus,
    Classification,
    Engagement,
    Person,
    PersonRole,
    Priority,
    User,
)
from crm.services.engagements.checks import ActionDetails, EngagementDetails


def create_engagement(*, details: EngagementDetails, created_by: User, today: date) -> Engagement:
    """Add the engagement with its links, any new person and its follow-up actions; one flush.

    Check the details with build_details() first: only details without problems may be saved.
    """
    engagement = Engagement(created_by=created_by)
    _apply(engagement, details)
    db.session.add(engagement)
    _add_new_person(engagement, details, today=today)
    _add_actions(engagement, details.actions, created_by=created_by)
    db.session.flush()
    return engagement


def update_engagement(
    engagement: Engagement, *, details: EngagementDetails, editor: User, today: date
) -> None:
    """Change an engagement (and add any new person and new follow-ups); one flush.

    Making it OFFICIAL-SENSITIVE also marks its OFFICIAL actions sensitive for the same team: what
    was raised at a sensitive meeting must not stay visible to everyone. Making it OFFICIAL leaves
    its actions as they are (each can be changed on its own page).
    """
    _apply(engagement, details)
    if details.classification == Classification.OFFICIAL_SENSITIVE:
        for action in engagement.actions:
            if action.classification == Classification.OFFICIAL:
                action.classification = Classification.OFFICIAL_SENSITIVE
                action.access_team = details.access_team
    _add_new_person(engagement, details, today=today)
    _add_actions(engagement, details.actions, created_by=editor)
    db.session.flush()


def _apply(engagement: Engagement, details: EngagementDetails) -> None:
    engagement.kind = details.kind
    engagement.starts_at = details.starts_at
    engagement.ends_at = details.ends_at
    engagement.title = details.title
    engagement.summary = details.summary
    engagement.organisations = list(details.organisations)
    engagement.people = list(details.people)
    engagement.officers = list(details.officers)
    engagement.asks = list(details.asks)
    engagement.classification = details.classification
    engagement.access_team = details.access_team


def _add_new_person(engagement: Engagement, details: EngagementDetails, *, today: date) -> None:
    new = details.new_person
    if new is None:
        return
    person = Person(
        name=new.name,
        email=new.email,
        job_title="",
        phone="",
        notes="",
        do_not_contact=False,
        organisation=new.organisation,
        roles=[PersonRole(organisation=new.organisation, job_title="", started_on=today)],
    )
    db.session.add(person)
    engagement.people.append(person)


def _add_actions(engagement: Engagement, actions: list[ActionDetails], *, created_by: User) -> None:
    """Follow-ups inherit the engagement's classification and access team."""
    for details in actions:
        organisations = [o for o in (details.owner_organisation, details.organisation) if o is not None]
        action = Action(
            title=details.title,
            description="",
            status=ActionStatus.OPEN,
            priority=Priority.MEDIUM,
            owner_user=details.owner_user,
            owner_organisation=details.owner_organisation,
            chaser=details.chaser if details.owner_organisation is not None else None,
            due_on=details.due_on,
            ask=details.ask,
            organisations=list(dict.fromkeys(organisations)),
            classification=engagement.classification,
            access_team=engagement.access_team,
            completion_note="",
            created_by=created_by,
        )
        action.engagement = engagement
        db.session.add(action)
