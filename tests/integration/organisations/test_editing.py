"""Adding, changing, archiving and restoring organisations; duplicates; conflicts; roles."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm.extensions import db
from crm.models import AliasKind, AuditEvent, Organisation, RelationshipStatus, Sector, Tag
from tests import factories
from tests.html import error_summary, field_errors, page, text_of

from .conftest import fresh

VALID = {
    "name": "Tessel Video",
    "sector": "technology",
    "relationship_status": "prospective",
    "sub_type": "video sharing",
    "country": "United Kingdom",
    "website": "https://tessel.example.org",
    "summary": "Short-form video app.",
    "other_names": "Tessel\n\n  TV App  \nTessel",
    "former_names": "Tessellate Ltd",
    "tags": "video, Livestreaming, video ,",
    "lead_officer_id": "",
    "parent_id": "",
}


def by_name(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def test_an_officer_adds_an_organisation_with_other_names_and_tags(officer_client, officer):
    factories.TagFactory(name="livestreaming")
    form = {**VALID, "lead_officer_id": str(officer.id)}
    response = officer_client.post("/organisations/new", data=form)
    assert response.status_code == 302
    org = by_name("Tessel Video")
    assert response.headers["Location"].endswith(f"/organisations/{org.id}")
    assert org.sector == Sector.TECHNOLOGY
    assert org.relationship_status == RelationshipStatus.PROSPECTIVE
    assert org.lead_officer_id == officer.id
    assert sorted((a.name, a.kind) for a in org.aliases) == [
        ("TV App", AliasKind.ALIAS),
        ("Tessel", AliasKind.ALIAS),
        ("Tessellate Ltd", AliasKind.FORMER),
    ]
    # Existing tags are reused whatever their case; new ones are created.
    assert sorted(tag.name for tag in org.tags) == ["livestreaming", "video"]
    assert db.session.scalar(select(Tag).where(Tag.name == "Livestreaming")) is None
    shown = officer_client.get(response.headers["Location"])
    assert "Tessel Video added" in text_of(shown, ".govuk-notification-banner")
    audit = db.session.scalar(
        select(AuditEvent).where(AuditEvent.entity_type == "Organisation", AuditEvent.entity_id == org.id)
    )
    assert audit is not None and audit.event == "create"


def test_the_new_organisation_is_searchable_at_once(officer_client):
    officer_client.post("/organisations/new", data=VALID)
    response = officer_client.get("/organisations/?q=tessellate")
    assert [a.get_text(strip=True) for a in page(response).select("#organisations tbody a")] == [
        "Tessel Video"
    ]


def test_bad_input_gets_clear_messages_and_saves_nothing(officer_client):
    form = {
        **VALID,
        "name": "   ",
        "sector": "spaceships",
        "website": "www.example.org",
        "country": "x" * 101,
        "other_names": "y" * 201,
        "tags": "z" * 61,
        "lead_officer_id": "999999",
        "parent_id": "abc",
    }
    response = officer_client.post("/organisations/new", data=form)
    assert response.status_code == 200
    assert page(response).title.get_text().startswith("Error: ")
    assert error_summary(response) == [
        "Enter the organisation name",
        "Each other name must be 200 characters or fewer",
        "Select the sector",
        "Select a lead officer from the list",
        "Select a parent organisation from the list",
        "Country must be 100 characters or fewer",
        "Enter a website address that starts with http:// or https://, like https://www.example.org",
        "Each tag must be 60 characters or fewer",
    ]
    assert page(response).select_one("#name-error") is not None
    assert "Enter the organisation name" in field_errors(response)
    assert db.session.scalar(select(Organisation)) is None


def test_an_over_long_name_is_refused(officer_client):
    response = officer_client.post("/organisations/new", data={**VALID, "name": "n" * 201})
    assert error_summary(response) == ["Name must be 200 characters or fewer"]


def test_a_post_without_fields_is_refused_not_a_500(officer_client):
    response = officer_client.post("/organisations/new", data={})
    assert response.status_code == 200
    assert "Enter the organisation name" in error_summary(response)


def test_control_characters_are_dropped_not_a_500(officer_client):
    # PostgreSQL refuses NUL in text; the form drops control characters but keeps line breaks.
    response = officer_client.post(
        "/organisations/new",
        data={**VALID, "name": "Tessel\x00 Video", "summary": "Line one\nLine\x07 two", "tags": "vi\x00deo"},
    )
    assert response.status_code == 302
    org = by_name("Tessel Video")
    assert org.summary == "Line one\nLine two"
    assert [tag.name for tag in org.tags] == ["video"]


def test_website_schemes(officer_client):
    for website in ("ftp://files.example.org", "javascript:alert(1)", "https://", "https://exa mple.org"):
        response = officer_client.post("/organisations/new", data={**VALID, "website": website})
        assert error_summary(response) == [
            "Enter a website address that starts with http:// or https://, like https://www.example.org"
        ], website


def test_likely_duplicates_are_shown_before_creating(officer_client, make_organisation):
    existing = make_organisation("The Kestrel Systems Company", aliases=["KSL"])
    make_organisation("Greater Manchester Police", sector=Sector.LAW_ENFORCEMENT)
    response = officer_client.post("/organisations/new", data={**VALID, "name": "Kestrel Systems Ltd."})
    assert response.status_code == 200
    assert "This organisation may already be recorded" in text_of(response, "#duplicates")
    links = page(response).select("#duplicate-list a")
    assert [(a.get_text(strip=True), a["href"]) for a in links] == [
        ("The Kestrel Systems Company", f"/organisations/{existing.id}")
    ]
    assert by_name("Kestrel Systems Ltd.") is None
    # The officer decides: "Create anyway" saves it.
    response = officer_client.post(
        "/organisations/new", data={**VALID, "name": "Kestrel Systems Ltd.", "create_anyway": "Create anyway"}
    )
    assert response.status_code == 302
    assert by_name("Kestrel Systems Ltd.") is not None


def test_duplicates_are_found_through_other_names_and_typos(officer_client, make_organisation):
    make_organisation("Brightline Social", aliases=["Brightline Media"])
    response = officer_client.post("/organisations/new", data={**VALID, "name": "Brihgtline Media"})
    assert "Brightline Social" in text_of(response, "#duplicate-list")
    assert "also known as Brightline Media" in text_of(response, "#duplicate-list")


def test_unrelated_names_are_not_called_duplicates(officer_client, make_organisation):
    make_organisation("Kestrel Systems")
    response = officer_client.post("/organisations/new", data={**VALID, "name": "Harbour Helpline"})
    assert response.status_code == 302


def test_an_officer_changes_an_organisation(officer_client, make_organisation):
    org = make_organisation("Wren Apps", aliases=["Wren"], tags=["apps"])
    form = page(officer_client.get(f"/organisations/{org.id}/edit")).select_one("form#organisation-form")
    assert form.select_one("input[name=version]")["value"] == str(org.version)
    assert form.select_one("textarea[name=other_names]").get_text().strip() == "Wren"
    response = officer_client.post(
        f"/organisations/{org.id}/edit",
        data={
            **VALID,
            "name": "Wren Social",
            "other_names": "Wren\nWrenApp",
            "tags": "",
            "version": org.version,
        },
    )
    assert response.status_code == 302
    saved = fresh(Organisation, org.id)
    assert saved.name == "Wren Social"
    assert sorted(a.name for a in saved.aliases) == ["Tessellate Ltd", "Wren", "WrenApp"]
    assert saved.tags == []
    assert saved.version == org.version + 1


def test_a_stale_edit_is_refused_with_the_differences(app, officer_client, make_organisation, connection):
    org = make_organisation("Heron Forums", summary="Original summary", tags=["forums"])
    opened_version = org.version
    # Another officer saves first, in their own session.
    with Session(bind=connection, join_transaction_mode="create_savepoint") as other:
        theirs = other.get(Organisation, org.id)
        theirs.summary = "Their summary"
        theirs.relationship_status = RelationshipStatus.DORMANT
        other.commit()
    response = officer_client.post(
        f"/organisations/{org.id}/edit",
        data={
            **VALID,
            "name": "Heron Forums",
            "summary": "My summary",
            "relationship_status": "active",
            "tags": "forums",
            "version": opened_version,
        },
    )
    assert response.status_code == 200
    conflict = text_of(response, "#edit-conflict")
    assert "Someone else changed this organisation while you were editing it" in conflict
    assert page(response).title.get_text().startswith("Error: ")  # a refused save is an error state
    rows = {
        row.select_one("th").get_text(strip=True): [td.get_text(strip=True) for td in row.select("td")]
        for row in page(response).select("#edit-conflict tbody tr")
    }
    assert rows["Summary"] == ["Their summary", "My summary"]
    assert rows["Relationship status"] == ["Dormant", "Active"]
    saved = fresh(Organisation, org.id)
    assert saved.summary == "Their summary"
    # The form now holds the saved version, ready to be changed again.
    form = page(response).select_one("form#organisation-form")
    assert form.select_one("input[name=version]")["value"] == str(saved.version)
    assert form.select_one("textarea[name=summary]").get_text().strip() == "Their summary"


def test_an_edit_with_a_tampered_version_is_refused(officer_client, make_organisation):
    org = make_organisation("Pebble Chat")
    response = officer_client.post(f"/organisations/{org.id}/edit", data={**VALID, "version": "not-a-number"})
    assert "Someone else changed this organisation" in text_of(response, "#edit-conflict")
    assert fresh(Organisation, org.id).name == "Pebble Chat"


def test_a_parent_cannot_be_the_organisation_or_its_own_part(officer_client, make_organisation):
    parent = make_organisation("Summit Group")
    child = make_organisation("Summit Chat", parent=parent)
    response = officer_client.post(
        f"/organisations/{parent.id}/edit",
        data={**VALID, "name": "Summit Group", "parent_id": str(child.id), "version": parent.version},
    )
    assert error_summary(response) == [
        "The parent organisation cannot be this organisation or one of its own parts"
    ]
    assert fresh(Organisation, parent.id).parent_id is None


def test_archive_hides_and_restore_brings_back(officer_client, make_organisation):
    org = make_organisation("Marsh Live")
    confirm = officer_client.get(f"/organisations/{org.id}/archive")
    assert "Archive this organisation?" in text_of(confirm, "h1")
    assert not page(confirm).title.get_text().startswith("Error: ")
    response = officer_client.post(f"/organisations/{org.id}/archive", data={"version": org.version})
    assert response.status_code == 302
    assert fresh(Organisation, org.id).archived_at is not None
    officer_client.get("/organisations/")  # shows the flash message
    listed = officer_client.get("/organisations/")
    assert "Marsh Live" not in listed.get_data(as_text=True)
    shown = officer_client.get(f"/organisations/{org.id}")
    assert "This organisation was archived" in text_of(shown, "#archived")
    version = page(shown).select_one("#archived input[name=version]")["value"]
    officer_client.post(f"/organisations/{org.id}/restore", data={"version": version})
    assert fresh(Organisation, org.id).archived_at is None
    assert "Marsh Live" in officer_client.get("/organisations/").get_data(as_text=True)


def test_archiving_a_stale_copy_is_refused(officer_client, make_organisation):
    org = make_organisation("Falcon Cloud")
    response = officer_client.post(f"/organisations/{org.id}/archive", data={"version": org.version - 1})
    assert "Someone else changed this organisation" in text_of(response, "#edit-conflict")
    assert page(response).title.get_text().startswith("Error: ")
    assert fresh(Organisation, org.id).archived_at is None


def test_viewers_cannot_write(viewer_client, make_organisation):
    org = make_organisation("Vale Cloud")
    assert viewer_client.get("/organisations/new").status_code == 403
    assert viewer_client.post("/organisations/new", data=VALID).status_code == 403
    assert viewer_client.get(f"/organisations/{org.id}/edit").status_code == 403
    assert (
        viewer_client.post(f"/organisations/{org.id}/edit", data={**VALID, "version": 1}).status_code == 403
    )
    assert viewer_client.post(f"/organisations/{org.id}/archive", data={"version": 1}).status_code == 403
    assert viewer_client.post(f"/organisations/{org.id}/restore", data={"version": 1}).status_code == 403
    assert by_name("Tessel Video") is None
    assert fresh(Organisation, org.id).name == "Vale Cloud"
    listing = page(viewer_client.get("/organisations/"))
    assert listing.select_one("a[href='/organisations/new']") is None


def test_leads_and_admins_can_write(lead_client, admin_client):
    assert lead_client.post("/organisations/new", data=VALID).status_code == 302
    other = {**VALID, "name": "Harbour Foundation", "other_names": "", "former_names": ""}
    assert admin_client.post("/organisations/new", data=other).status_code == 302


def test_markup_in_names_and_summaries_is_shown_as_text(officer_client):
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    response = officer_client.post(
        "/organisations/new", data={**VALID, "name": payload, "summary": payload, "other_names": payload}
    )
    org = by_name(payload)
    for url in (f"/organisations/{org.id}", "/organisations/", f"/organisations/{org.id}/edit"):
        body = officer_client.get(url).get_data(as_text=True)
        assert "<script>alert" not in body and "<img src=x" not in body, url
        assert "&lt;script&gt;" in body, url
    assert response.status_code == 302


def test_the_form_needs_a_csrf_token_when_protection_is_on(app, officer_client):
    app.config["WTF_CSRF_ENABLED"] = True
    try:
        response = officer_client.post("/organisations/new", data=VALID)
    finally:
        app.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code in (400, 200)
    assert by_name("Tessel Video") is None
