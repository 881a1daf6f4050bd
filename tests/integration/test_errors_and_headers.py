"""Error pages look like the service and leak nothing; security headers are on every response."""

from __future__ import annotations

import pytest

from crm.services import dashboard
from tests.html import page, text_of


def test_not_found_page_is_styled_and_plain(officer_client):
    response = officer_client.get("/no-such-page")
    assert response.status_code == 404
    assert text_of(response, "h1") == "Page not found"
    assert page(response).title.get_text().startswith("Page not found")


def test_server_error_page_reveals_no_internals(app, officer_client, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("SELECT secret FROM internals -- traceback material")

    monkeypatch.setattr(dashboard, "my_action_counts", broken)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    response = officer_client.get("/")
    body = response.get_data(as_text=True)
    assert response.status_code == 500
    assert text_of(response, "h1") == "Sorry, there is a problem with the service"
    for leak in ("SELECT", "Traceback", "RuntimeError", "Werkzeug", "Flask"):
        assert leak not in body
    assert response.headers["Content-Security-Policy"].startswith("default-src 'self'")


@pytest.mark.parametrize("url", ["/login", "/", "/no-such-page", "/healthz"])
def test_security_headers_on_every_response(officer_client, url):
    response = officer_client.get(url)
    csp = response.headers["Content-Security-Policy"]
    for directive in (
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self' 'nonce-",
    ):
        assert directive in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["Cache-Control"] == "no-store"


def test_inline_scripts_carry_the_request_nonce(officer_client):
    response = officer_client.get("/")
    nonce = response.headers["Content-Security-Policy"].split("'nonce-")[1].split("'")[0]
    scripts = page(response).select("script")
    assert scripts, "the page has scripts"
    assert all(script.get("nonce") == nonce for script in scripts)


@pytest.mark.parametrize("page_arg", ["²", "-1", "0", "abc", "9" * 40])
def test_odd_page_numbers_show_the_first_or_last_page(admin_client, page_arg):
    assert admin_client.get(f"/admin/users?page={page_arg}").status_code == 200


def test_nul_characters_in_form_input_never_reach_the_database(client):
    response = client.post("/login", data={"email": "a\x00b@test.example.org", "password": "x\x00" * 8})
    assert response.status_code == 200
