"""/scorecard/frameworks: admins add a framework and its asks from the UI; its scorecard then just works."""

from __future__ import annotations

from sqlalchemy import select

from crm.extensions import db
from crm.models import Ask, CommitmentStatus, Framework
from tests import factories
from tests.html import error_summary, page, text_of

PRINCIPLES = [
    "Principle 1: prevent known child sexual abuse material",
    "Principle 2: identify and combat new child sexual abuse material",
    "Principle 3: identify and combat preparatory child sexual exploitation and abuse activity",
    "Principle 4: identify and combat advertising, recruiting and soliciting for abuse",
    "Principle 5: identify and combat grooming and predatory behaviour",
    "Principle 6: identify and combat livestreaming of abuse",
    "Principle 7: prevent search results that surface abuse material",
    "Principle 8: adopt a specialised approach for child users",
    "Principle 9: consider ways to make reporting easy for children and others",
    "Principle 10: work with others to share knowledge and tools",
    "Principle 11: report regularly on efforts to tackle abuse",
]


def _framework(key: str) -> Framework | None:
    db.session.expire_all()
    return db.session.scalar(select(Framework).where(Framework.key == key))


def _add_principles(admin_client) -> Framework:
    response = admin_client.post(
        "/scorecard/frameworks/new",
        data={
            "key": "voluntary-principles-2020",
            "name": "Voluntary principles (2020)",
            "published_on": ["5", "3", "2020"],
            "description": "Eleven principles for companies.",
        },
    )
    assert response.headers["Location"] == "/scorecard/frameworks/voluntary-principles-2020"
    for title in PRINCIPLES:
        response = admin_client.post(
            "/scorecard/frameworks/voluntary-principles-2020/asks", data={"title": title, "description": ""}
        )
        assert response.status_code == 302
    framework = _framework("voluntary-principles-2020")
    assert framework is not None
    return framework


def test_an_admin_adds_an_eleven_principle_framework_and_its_scorecard_works(admin_client, viewer_client):
    framework = _add_principles(admin_client)
    assert [ask.title for ask in framework.asks] == PRINCIPLES
    assert [ask.position for ask in framework.asks] == list(range(1, 12))
    assert (
        framework.asks[0].key == "principle-1-prevent-known-child-sexual-abuse-mater"
    )  # a 50-character slug

    company = factories.OrganisationFactory(name="Harbourline Chat")
    factories.CommitmentFactory(
        organisation=company, ask=framework.asks[2], status=CommitmentStatus.DELIVERED
    )
    response = viewer_client.get("/scorecard/?framework=voluntary-principles-2020")
    assert text_of(response, "h1") == "Voluntary principles (2020)"
    headers = page(response).select("#scorecard thead th[data-ask]")
    assert len(headers) == 11
    statuses = [cell["data-status"] for cell in page(response).select("#scorecard tbody td[data-status]")]
    assert statuses == ["not-engaged"] * 2 + ["delivered"] + ["not-engaged"] * 8
    # The five asks stay the default.
    assert text_of(viewer_client.get("/scorecard/"), "h1") == "Home Secretary's five asks (2018)"
    listed = [
        row["data-key"]
        for row in page(viewer_client.get("/scorecard/frameworks")).select("#frameworks tbody tr")
    ]
    assert listed == ["home-secretary-2018", "voluntary-principles-2020"]


def test_an_admin_changes_and_reorders_asks(admin_client):
    framework = _add_principles(admin_client)
    first, second = framework.asks[0], framework.asks[1]
    response = admin_client.post(
        f"/scorecard/frameworks/{framework.key}/asks/{second.id}",
        data={
            "title": "Principle 2: combat new material",
            "description": "Changed",
            "version": str(second.version),
        },
    )
    assert response.status_code == 302
    response = admin_client.post(
        f"/scorecard/frameworks/{framework.key}/asks/{second.id}/move", data={"direction": "up"}
    )
    assert response.status_code == 302
    framework = _framework(framework.key)
    assert [ask.id for ask in framework.asks[:2]] == [second.id, first.id]
    assert framework.asks[0].title == "Principle 2: combat new material"
    # Moving the first ask up changes nothing.
    admin_client.post(
        f"/scorecard/frameworks/{framework.key}/asks/{second.id}/move", data={"direction": "up"}
    )
    assert [ask.position for ask in _framework(framework.key).asks] == list(range(1, 12))


def test_a_stale_ask_edit_is_refused(admin_client):
    framework = _add_principles(admin_client)
    ask = framework.asks[0]
    old_version = str(ask.version)
    ask.title = "Changed by someone else"
    db.session.commit()
    response = admin_client.post(
        f"/scorecard/frameworks/{framework.key}/asks/{ask.id}",
        data={"title": "Mine", "description": "", "version": old_version},
    )
    assert page(response).select_one("#edit-conflict") is not None
    assert db.session.get(Ask, ask.id).title == "Changed by someone else"


def test_framework_details_change_with_optimistic_locking(admin_client):
    framework = _add_principles(admin_client)
    opened_version = str(framework.version)
    response = admin_client.post(
        f"/scorecard/frameworks/{framework.key}/edit",
        data={
            "name": "Voluntary Principles",
            "published_on": ["", "", ""],
            "description": "",
            "version": opened_version,
        },
    )
    assert response.status_code == 302
    assert _framework(framework.key).name == "Voluntary Principles"
    response = admin_client.post(
        f"/scorecard/frameworks/{framework.key}/edit",
        data={"name": "Stale", "description": "", "version": opened_version},
    )
    assert page(response).select_one("#edit-conflict") is not None


def test_bad_framework_input_gets_clear_errors(admin_client):
    response = admin_client.post("/scorecard/frameworks/new", data={"key": "", "name": ""})
    assert error_summary(response) == ["Enter a key for the framework", "Enter the name of the framework"]
    response = admin_client.post("/scorecard/frameworks/new", data={"key": "Bad Key!", "name": "X"})
    assert "Key must contain only lower-case letters" in error_summary(response)[0]
    response = admin_client.post("/scorecard/frameworks/new", data={"key": "new", "name": "X"})
    assert "Key cannot be ‘new’" in error_summary(response)[0]
    response = admin_client.post(
        "/scorecard/frameworks/new", data={"key": "home-secretary-2018", "name": "Again"}
    )
    assert error_summary(response) == ["A framework with this key already exists: choose another"]
    response = admin_client.post(
        "/scorecard/frameworks/new", data={"key": "x", "name": "X", "published_on": ["31", "2", "2020"]}
    )
    assert error_summary(response) == ["Date published must be a real date"]
    response = admin_client.post("/scorecard/frameworks/home-secretary-2018/asks", data={"title": ""})
    assert error_summary(response) == ["Enter the title of the ask"]
    assert _framework("x") is None


def test_only_admins_change_frameworks(officer_client, viewer_client):
    ask = factories.five_asks()[0]
    for client in (officer_client, viewer_client):
        assert client.get("/scorecard/frameworks/new").status_code == 403
        assert (
            client.post("/scorecard/frameworks/home-secretary-2018/asks", data={"title": "X"}).status_code
            == 403
        )
        assert (
            client.post(
                f"/scorecard/frameworks/home-secretary-2018/asks/{ask.id}/move", data={"direction": "down"}
            ).status_code
            == 403
        )
        response = client.get("/scorecard/frameworks/home-secretary-2018")
        assert response.status_code == 200
        assert page(response).select_one("#add-ask") is None
    assert len(_framework("home-secretary-2018").asks) == 5


def test_unknown_framework_pages_are_not_found(admin_client):
    assert admin_client.get("/scorecard/frameworks/nothing-here").status_code == 404
    assert admin_client.get("/scorecard/frameworks/home-secretary-2018/asks/999999").status_code == 404
