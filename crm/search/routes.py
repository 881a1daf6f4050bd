"""/search?q= : one search box for organisations, people, contacts and actions."""

from __future__ import annotations

from flask import render_template, request
from flask_login import current_user, login_required

from crm.search import bp
from crm.search.highlight import excerpt, highlight, matches
from crm.services import search
from crm.services.query_text import MAX_SHOWN_LENGTH


@bp.route("/search")
@login_required
def index() -> str:
    query = search.parse_query(request.args.get("q"))
    # An empty box submitted is a mistake to point out; arriving with no q at all is not.
    missing = "q" in request.args and not query.given
    problem = "Enter what you are looking for" if missing else query.problem
    results = search.search_everything(query=query, user=current_user)
    title = f"Search results for \u2018{query.text}\u2019" if query.searchable else "Search"
    return render_template(
        "search/index.html",
        page_title=("Error: " if problem else "") + title,
        heading=title,
        q=request.args.get("q", "")[:MAX_SHOWN_LENGTH],
        query=query,
        problem=problem,
        results=results,
        highlight=highlight,
        excerpt=excerpt,
        matches=matches,
    )
