"""Every page needs sign-in except a short public list; a new route is covered as soon as it exists."""

from __future__ import annotations

import re

import pytest
from flask import Flask

PUBLIC_ENDPOINTS = {"auth.login", "auth.set_password", "health.healthz", "static", "calendar.feed"}


def _all_rules(app: Flask) -> list[tuple[str, str, str]]:
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint in PUBLIC_ENDPOINTS:
            continue
        # Fill every URL variable with a plausible value: sign-in must be checked before lookup.
        url = re.sub(r"<(?:[^:<>]+:)?[^<>]+>", "1", rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            rules.append((rule.endpoint, method, url))
    return rules


def test_the_route_walk_covers_the_app(app):
    endpoints = {endpoint for endpoint, _, _ in _all_rules(app)}
    assert {"dashboard.index", "auth.logout"} <= endpoints


def test_every_non_public_route_redirects_to_sign_in(app, client):
    for endpoint, method, url in _all_rules(app):
        response = client.open(url, method=method)
        assert response.status_code == 302, f"{method} {url} ({endpoint}) answered {response.status_code}"
        assert response.headers["Location"].startswith("/login"), f"{method} {url} does not ask for sign-in"


@pytest.mark.parametrize("url", ["/login", "/healthz"])
def test_public_pages_answer_without_sign_in(client, url):
    assert client.get(url).status_code == 200
