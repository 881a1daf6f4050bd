"""/account/: the calendar feed link can be made, replaced and turned off."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import AuditEvent, User
from tests.html import page, text_of


def _token(user_id: int) -> str | None:
    db.session.expire_all()
    return db.session.scalars(select(User.calendar_token).where(User.id == user_id)).one()


def test_make_replace_and_turn_off_the_calendar_link(client, officer, officer_client):
    officer_id = officer.id
    start = officer_client.get("/account/")
    assert text_of(start, "#no-feed") == "You have no calendar link."

    officer_client.post("/account/calendar-feed")
    first = _token(officer_id)
    assert first is not None and len(first) >= 43
    shown = page(officer_client.get("/account/")).select_one("#feed-url")["value"]
    assert shown == f"http://localhost/calendar/{first}.ics"
    assert client.get(f"/calendar/{first}.ics").status_code == 200

    officer_client.post("/account/calendar-feed")
    second = _token(officer_id)
    assert second not in (None, first)
    assert client.get(f"/calendar/{first}.ics").status_code == 404
    assert client.get(f"/calendar/{second}.ics").status_code == 200

    response = officer_client.post("/account/calendar-feed/revoke", follow_redirects=True)
    banners = [b.get_text(" ", strip=True) for b in page(response).select(".govuk-notification-banner")]
    assert any("Calendar link turned off" in banner for banner in banners)
    assert _token(officer_id) is None
    assert client.get(f"/calendar/{second}.ics").status_code == 404

    changes = [
        event.changes["change"]
        for event in db.session.scalars(
            select(AuditEvent).where(AuditEvent.event == "calendar-feed").order_by(AuditEvent.id)
        )
    ]
    assert changes == ["created", "replaced", "revoked"]


def test_the_forms_need_a_csrf_token(app, officer, officer_client, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)
    assert officer_client.post("/account/calendar-feed").status_code == 400
    assert _token(officer.id) is None
    # The page's own form carries the token.
    form = page(officer_client.get("/account/")).select_one("form[action='/account/calendar-feed']")
    token = form.select_one("input[name=csrf_token]")["value"]
    assert officer_client.post("/account/calendar-feed", data={"csrf_token": token}).status_code == 302
    assert _token(officer.id) is not None
