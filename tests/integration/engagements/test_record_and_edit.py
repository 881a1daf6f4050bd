"""One contact's page and changing it: escaping, optimistic locking, access groups, sensitivity."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from sqlalchemy import select

from crm.extensions import db
from crm.models import Action, AuditEvent, Classification, Engagement
from crm.timezones import london_today, to_london
from tests import factories
from tests.html import error_summary, page, text_of
from tests.integration.engagements.conftest import contact_form, count_queries, counts


def _engagement(**kwargs):
    organisation = kwargs.pop("organisation", None) or factories.OrganisationFactory(name="Kestrel Social")
    return factories.EngagementFactory(organisations=[organisation], **kwargs)


def test_user_text_is_escaped_everywhere(officer_client, officer):
    organisation = factories.OrganisationFactory(name="<b>Bold</b> Ltd")
    payload = "<script>alert('x')</script>"
    response = officer_client.post(
        "/engagements/new",
        data=contact_form(
            organisations=[organisation],
            officers=[officer],
            title=payload,
            summary='<img src=x onerror="alert(1)">\nline two',
            actions=[{"title": payload, "owner": f"user:{officer.id}"}],
        ),
    )
    assert response.status_code == 302, error_summary(response)
    for url in (response.headers["Location"], "/engagements/", response.headers["Location"] + "/edit"):
        result = officer_client.get(url)
        html = result.get_data(as_text=True)
        doc = page(result)
        assert not [s for s in doc.select("script") if "alert" in s.get_text()], url
        assert not doc.select("img[onerror]"), url
        assert not doc.select("main b"), url
        assert "&lt;script&gt;" in html, url
    detail = officer_client.get(response.headers["Location"])
    assert payload in text_of(detail, "#engagement-title")
    assert '<img src=x onerror="alert(1)">' in text_of(detail, "#engagement-summary")


def test_the_page_shows_the_classification_as_text(officer_client):
    engagement = _engagement()
    response = officer_client.get(f"/engagements/{engagement.id}")
    assert text_of(response, "#classification-banner").startswith(
        "OFFICIAL This page contains OFFICIAL information"
    )


def test_a_sensitive_contact_is_seen_only_by_its_team_and_admins(app, officer_client, admin_client):
    team = factories.TeamFactory(name="Online harms unit")
    member = factories.UserFactory(team=team)
    outsider_team = factories.UserFactory(team=factories.TeamFactory())
    engagement = _engagement(
        title="Covert briefing", classification=Classification.OFFICIAL_SENSITIVE, access_team=team
    )
    from tests.conftest import sign_in

    member_client = sign_in(app.test_client(), member)
    response = member_client.get(f"/engagements/{engagement.id}")
    assert response.status_code == 200
    assert text_of(response, "#classification-banner").startswith(
        "OFFICIAL-SENSITIVE This page contains OFFICIAL-SENSITIVE information: only Online harms unit"
    )
    # The read is audited.
    reads = db.session.scalars(
        select(AuditEvent).where(AuditEvent.event == "read", AuditEvent.entity_id == engagement.id)
    ).all()
    assert len(reads) == 1

    assert admin_client.get(f"/engagements/{engagement.id}").status_code == 200
    for client in (officer_client, sign_in(app.test_client(), outsider_team)):
        assert client.get(f"/engagements/{engagement.id}").status_code == 404
        assert client.get(f"/engagements/{engagement.id}/edit").status_code == 404
        assert client.post(f"/engagements/{engagement.id}/edit", data={"title": "x"}).status_code == 404
        assert "Covert briefing" not in client.get("/engagements/").get_data(as_text=True)
        assert "Covert briefing" not in client.get("/engagements/export.csv").get_data(as_text=True)


def test_an_officer_in_a_team_logs_a_sensitive_contact_and_its_actions_follow(app, officer_client):
    team = factories.TeamFactory(name="Online harms unit")
    member = factories.UserFactory(team=team)
    organisation = factories.OrganisationFactory()
    from tests.conftest import sign_in

    client = sign_in(app.test_client(), member)
    response = client.post(
        "/engagements/new",
        data=contact_form(
            organisations=[organisation],
            officers=[member],
            classification="official-sensitive",
            title="Sensitive one",
            actions=[{"title": "Quiet follow-up", "owner": f"user:{member.id}"}],
        ),
    )
    assert response.status_code == 302, error_summary(response)
    engagement = db.session.scalars(select(Engagement).where(Engagement.title == "Sensitive one")).one()
    assert engagement.classification == Classification.OFFICIAL_SENSITIVE
    assert engagement.access_team_id == team.id
    action = db.session.scalars(select(Action).where(Action.engagement_id == engagement.id)).one()
    assert action.classification == Classification.OFFICIAL_SENSITIVE
    assert action.access_team_id == team.id
    # An officer outside the team sees neither.
    assert officer_client.get(f"/engagements/{engagement.id}").status_code == 404
    assert officer_client.get(f"/actions/{action.id}").status_code == 404


def test_edit_shows_the_saved_values_and_saves_changes(officer_client, officer):
    organisation = factories.OrganisationFactory(name="Kestrel Social")
    other = factories.OrganisationFactory(name="Northshire Police")
    ada = factories.PersonFactory(name="Ada Byron", organisation=organisation)
    starts = datetime(2026, 3, 3, 14, 30, tzinfo=UTC)
    engagement = factories.EngagementFactory(
        title="Before", starts_at=starts, organisations=[organisation], people=[ada], officers=[officer]
    )
    response = officer_client.get(f"/engagements/{engagement.id}/edit")
    doc = page(response)
    assert doc.select_one("#title")["value"] == "Before"
    assert doc.select_one("#start_time")["value"] == to_london(starts).strftime("%H:%M")
    assert doc.select_one("#date-day")["value"] == "3"
    assert doc.select_one("input[name=version]")["value"] == str(engagement.version)
    assert doc.select_one(f"input[name=person_ids][value='{ada.id}']").has_attr("checked")

    data = contact_form(
        organisations=[organisation, other],
        people=[ada],
        officers=[officer],
        day=to_london(starts).date(),
        start="09:15",
        title="After",
        version=str(engagement.version),
        actions=[{"title": "Added later", "owner": f"user:{officer.id}"}],
    )
    response = officer_client.post(f"/engagements/{engagement.id}/edit", data=data)
    assert response.status_code == 302, error_summary(response)
    assert response.headers["Location"] == f"/engagements/{engagement.id}"
    saved = db.session.get(Engagement, engagement.id)
    db.session.refresh(saved)
    assert saved.title == "After"
    assert to_london(saved.starts_at).strftime("%H:%M") == "09:15"
    assert [o.name for o in saved.organisations] == ["Kestrel Social", "Northshire Police"]
    assert [a.title for a in saved.actions] == ["Added later"]
    assert "Contact saved" in text_of(
        officer_client.get(f"/engagements/{engagement.id}"), ".govuk-notification-banner"
    )


def test_an_edit_on_an_old_version_is_refused_and_saves_nothing(officer_client, officer):
    organisation = factories.OrganisationFactory()
    engagement = factories.EngagementFactory(
        title="Original", organisations=[organisation], officers=[officer]
    )
    opened_version = engagement.version
    # Someone else saves first.
    engagement.title = "Their change"
    db.session.commit()
    data = contact_form(
        organisations=[organisation],
        officers=[officer],
        title="My change",
        version=str(opened_version),
        actions=[{"title": "Not saved", "owner": f"user:{officer.id}"}],
    )
    response = officer_client.post(f"/engagements/{engagement.id}/edit", data=data)
    assert response.status_code == 200
    assert "Someone else changed this contact while you were editing it" in text_of(
        response, "#edit-conflict"
    )
    conflict = text_of(response, "#edit-conflict table")
    assert "Title Their change My change" in conflict
    doc = page(response)
    assert doc.select_one("#title")["value"] == "Their change"
    assert doc.select_one("input[name=version]")["value"] == str(opened_version + 1)
    fresh = db.session.scalars(select(Engagement).where(Engagement.id == engagement.id)).one()
    db.session.refresh(fresh)
    assert fresh.title == "Their change"
    assert counts() == (1, 0)


def test_edit_keeps_a_person_who_has_since_moved(officer_client, officer):
    old_home = factories.OrganisationFactory(name="Old home")
    new_home = factories.OrganisationFactory(name="New home")
    mover = factories.PersonFactory(name="Moe Mover", organisation=old_home)
    engagement = factories.EngagementFactory(organisations=[old_home], people=[mover], officers=[officer])
    mover.organisation = new_home
    db.session.commit()
    data = contact_form(
        organisations=[old_home],
        people=[mover],
        officers=[officer],
        title="Still fine",
        version=str(engagement.version),
    )
    response = officer_client.post(f"/engagements/{engagement.id}/edit", data=data)
    assert response.status_code == 302, error_summary(response)


def test_making_a_contact_sensitive_takes_its_actions_along(app, officer):
    team = factories.TeamFactory()
    member = factories.UserFactory(team=team)
    organisation = factories.OrganisationFactory()
    engagement = factories.EngagementFactory(organisations=[organisation], officers=[member])
    action = factories.ActionFactory(owner_user=member, engagement=engagement)
    from tests.conftest import sign_in

    client = sign_in(app.test_client(), member)
    data = contact_form(
        organisations=[organisation],
        officers=[member],
        classification="official-sensitive",
        version=str(engagement.version),
    )
    assert client.post(f"/engagements/{engagement.id}/edit", data=data).status_code == 302
    saved = db.session.scalars(select(Action).where(Action.id == action.id)).one()
    db.session.refresh(saved)
    assert saved.classification == Classification.OFFICIAL_SENSITIVE
    assert saved.access_team_id == team.id


def test_the_actions_it_raised_show_with_their_status(officer_client, officer):
    engagement = _engagement()
    factories.ActionFactory(owner_user=officer, engagement=engagement, title="Open one")
    factories.ActionFactory(
        owner_user=officer, engagement=engagement, title="Late one", due_on=london_today() - timedelta(days=2)
    )
    from crm.models import ActionStatus

    factories.ActionFactory(
        owner_user=officer, engagement=engagement, title="Done one", status=ActionStatus.DONE
    )
    hidden_team = factories.TeamFactory()
    factories.ActionFactory(
        owner_user=officer,
        engagement=engagement,
        title="Hidden one",
        classification=Classification.OFFICIAL_SENSITIVE,
        access_team=hidden_team,
    )
    response = officer_client.get(f"/engagements/{engagement.id}")
    rows = page(response).select("#engagement-actions tbody tr")
    badges = {
        r.select_one("a").get_text(strip=True): [b.get_text(strip=True) for b in r.select(".moj-badge")]
        for r in rows
    }
    assert badges == {"Open one": ["Open"], "Late one": ["Open", "Overdue by 2 days"], "Done one": ["Done"]}


def test_the_detail_page_costs_a_fixed_number_of_queries(app, officer_client, officer):
    organisations = [factories.OrganisationFactory() for _ in range(3)]
    people = [factories.PersonFactory(organisation=o) for o in organisations]
    engagement = factories.EngagementFactory(organisations=organisations, people=people, officers=[officer])
    for _ in range(3):
        factories.ActionFactory(owner_user=officer, engagement=engagement)
    with count_queries(app) as small:
        officer_client.get(f"/engagements/{engagement.id}")
    more = [factories.OrganisationFactory() for _ in range(5)]
    engagement.organisations += more
    engagement.people += [factories.PersonFactory(organisation=o) for o in more]
    db.session.commit()
    for _ in range(5):
        factories.ActionFactory(owner_user=officer, engagement=engagement)
    with count_queries(app) as large:
        officer_client.get(f"/engagements/{engagement.id}")
    print(f"\nContact page: {len(small)} queries (3 organisations, 3 actions), {len(large)} (8 and 8)")
    assert len(small) == len(large), (len(small), len(large))


def test_viewers_read_but_do_not_see_change_links(viewer_client):
    engagement = _engagement(title="Readable")
    response = viewer_client.get(f"/engagements/{engagement.id}")
    assert response.status_code == 200
    assert not page(response).select("#change-link")
    assert viewer_client.get(f"/engagements/{engagement.id}/edit").status_code == 403
    assert viewer_client.post(f"/engagements/{engagement.id}/edit", data={}).status_code == 403


def test_a_missing_contact_is_404(officer_client):
    assert officer_client.get("/engagements/999999").status_code == 404
    assert officer_client.get("/engagements/999999/edit").status_code == 404


def test_a_contact_that_touched_asks_offers_the_scorecard_update(officer_client):
    from tests import factories
    from tests.html import page

    engagement = factories.EngagementFactory(asks=factories.five_asks()[:2])
    link = page(officer_client.get(f"/engagements/{engagement.id}")).select_one("#scorecard-review-link")
    assert link is not None and link["href"] == f"/scorecard/review?engagement={engagement.id}"
    bare = factories.EngagementFactory()
    assert page(officer_client.get(f"/engagements/{bare.id}")).select_one("#scorecard-review-link") is None
