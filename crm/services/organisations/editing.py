"""Creating, changing, archiving and restoring organisations. Functions flush; the view commits.

Every save bumps the organisation's version even when only its other names or tags changed, so
that an edit made on an older copy of the form is refused (optimistic locking) rather than
silently undoing someone else's change to a list.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import exists, func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from crm.extensions import db
from crm.models import AliasKind, Organisation, OrganisationAlias, RelationshipStatus, Sector, Tag, User
from crm.models.base import utcnow


@dataclass(frozen=True)
class OrganisationDetails:
    """Everything the organisation form sets, already checked for length and format."""

    name: str
    sector: Sector
    sub_type: str = ""
    relationship_status: RelationshipStatus = RelationshipStatus.ACTIVE
    country: str = "United Kingdom"
    website: str = ""
    summary: str = ""
    other_names: tuple[str, ...] = ()
    former_names: tuple[str, ...] = ()
    tag_names: tuple[str, ...] = ()
    lead_officer_id: int | None = None
    parent_id: int | None = None


class OrganisationError(ValueError):
    """A change the data does not allow; `field` names the form field to show it against."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field = field
        self.message = message


def find_organisation(organisation_id: int) -> Organisation | None:
    """One organisation as stored, nothing else loaded (archive, restore, merge, a scorecard cell).
    Organisations carry no classification, so every signed-in user may read any of them."""
    return db.session.get(Organisation, organisation_id)


def get_organisation(organisation_id: int) -> Organisation | None:
    """One organisation with what its form shows (other names, tags, lead officer, parent)."""
    return db.session.scalar(
        select(Organisation)
        .where(Organisation.id == organisation_id)
        .options(
            selectinload(Organisation.aliases),
            selectinload(Organisation.tags),
            joinedload(Organisation.lead_officer),
            joinedload(Organisation.parent),
        )
    )


def create_organisation(*, details: OrganisationDetails) -> Organisation:
    """Add an organisation with its other names and tags (creating tags as needed)."""
    organisation = Organisation()
    _apply(organisation, details)
    db.session.add(organisation)
    db.session.flush()
    return organisation


def update_organisation(organisation: Organisation, *, details: OrganisationDetails) -> Organisation:
    """Change an organisation to match details; its version always moves on."""
    _apply(organisation, details)
    organisation.updated_at = utcnow()
    db.session.flush()
    return organisation


def archive_organisation(organisation: Organisation, *, now: datetime) -> None:
    """Hide an organisation from the default list; its history stays. Never deleted from the UI."""
    if organisation.archived_at is None:
        organisation.archived_at = now
    db.session.flush()


def restore_organisation(organisation: Organisation) -> None:
    """Bring an archived organisation back into the default list."""
    organisation.archived_at = None
    db.session.flush()


def parent_choices(*, exclude_id: int | None, keep_id: int | None) -> list[tuple[int, str]]:
    """(id, name) of current organisations that could be a parent, by name; keep_id (the current
    parent) is included even when archived, so that saving the form does not drop it."""
    stmt = select(Organisation.id, Organisation.name).order_by(func.lower(Organisation.name), Organisation.id)
    if keep_id is not None:
        stmt = stmt.where((Organisation.archived_at.is_(None)) | (Organisation.id == keep_id))
    else:
        stmt = stmt.where(Organisation.archived_at.is_(None))
    if exclude_id is not None:
        stmt = stmt.where(Organisation.id != exclude_id)
    return [(int(row[0]), str(row[1])) for row in db.session.execute(stmt)]


def would_loop(*, organisation_id: int, parent_id: int) -> bool:
    """True when making parent_id the parent would put the organisation inside its own family tree."""
    if organisation_id == parent_id:
        return True
    ancestors = (
        select(Organisation.id, Organisation.parent_id)
        .where(Organisation.id == parent_id)
        .cte("ancestors", recursive=True)
    )
    ancestors = ancestors.union(
        select(Organisation.id, Organisation.parent_id).join(
            ancestors, Organisation.id == ancestors.c.parent_id
        )
    )
    return bool(db.session.scalar(select(exists().where(ancestors.c.id == organisation_id))))


def find_or_create_tags(names: tuple[str, ...]) -> list[Tag]:
    """The tags with these names (matched ignoring case), creating the missing ones."""
    wanted = {name.lower(): name for name in names}
    if not wanted:
        return []
    found = {
        tag.name.lower(): tag
        for tag in db.session.scalars(select(Tag).where(func.lower(Tag.name).in_(wanted)))
    }
    for key, name in wanted.items():
        if key not in found:
            found[key] = _new_tag(name)
    return [found[key] for key in wanted]


def _new_tag(name: str) -> Tag:
    # Another officer may add the same tag at the same moment: then use theirs.
    try:
        with db.session.begin_nested():
            tag = Tag(name=name)
            db.session.add(tag)
    except IntegrityError:
        existing = db.session.scalar(select(Tag).where(func.lower(Tag.name) == name.lower()))
        if existing is None:
            raise
        return existing
    return tag


def _apply(organisation: Organisation, details: OrganisationDetails) -> None:
    if details.parent_id is not None:
        if db.session.get(Organisation, details.parent_id) is None:
            raise OrganisationError("parent_id", "Select a parent organisation from the list")
        if organisation.id is not None and would_loop(
            organisation_id=organisation.id, parent_id=details.parent_id
        ):
            raise OrganisationError(
                "parent_id", "The parent organisation cannot be this organisation or one of its own parts"
            )
    if details.lead_officer_id is not None and db.session.get(User, details.lead_officer_id) is None:
        raise OrganisationError("lead_officer_id", "Select a lead officer from the list")
    # Tags first: creating one may flush, and nothing of this change should be half-written then.
    tags = find_or_create_tags(details.tag_names)
    organisation.name = details.name
    organisation.sector = details.sector
    organisation.sub_type = details.sub_type
    organisation.relationship_status = details.relationship_status
    organisation.country = details.country
    organisation.website = details.website
    organisation.summary = details.summary
    organisation.lead_officer_id = details.lead_officer_id
    organisation.parent_id = details.parent_id
    _set_aliases(organisation, details)
    if {tag.name for tag in organisation.tags} != {tag.name for tag in tags}:
        organisation.tags = tags


def _set_aliases(organisation: Organisation, details: OrganisationDetails) -> None:
    """Keep the alias rows that still apply, remove the others, add the new ones."""
    wanted: dict[str, tuple[str, AliasKind]] = {}
    for kind, names in ((AliasKind.ALIAS, details.other_names), (AliasKind.FORMER, details.former_names)):
        for name in names:
            if name.lower() != details.name.lower():
                wanted.setdefault(name.lower(), (name, kind))
    current = list(organisation.aliases) if organisation.id is not None else []
    for alias in current:
        if wanted.get(alias.name.lower()) == (alias.name, alias.kind):
            del wanted[alias.name.lower()]
        else:
            organisation.aliases.remove(alias)
    for name, kind in wanted.values():
        organisation.aliases.append(OrganisationAlias(name=name, kind=kind))
