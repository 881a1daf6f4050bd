"""/scorecard/frameworks: the frameworks of asks. Everyone reads them; admins add and change them."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.auth.decorators import admin_required
from crm.extensions import db
from crm.models import Ask, Framework, Role
from crm.scorecard import bp
from crm.scorecard.forms import AskForm, EditFrameworkForm, FrameworkForm
from crm.services import frameworks
from crm.services.locking import EditConflict, differences, ensure_current

FRAMEWORK_FIELDS = {"name": "Name", "published_on": "Date published", "description": "Description"}
ASK_FIELDS = {"title": "Title", "description": "Description"}


def _framework(key: str) -> Framework:
    return frameworks.get_framework(key) or abort(404)


def _ask(framework: Framework, ask_id: int) -> Ask:
    ask = next((each for each in framework.asks if each.id == ask_id), None)
    return ask or abort(404)


@bp.get("/frameworks")
@login_required
def frameworks_index() -> str:
    return render_template(
        "scorecard/frameworks.html", page_title="Frameworks", frameworks=frameworks.list_frameworks()
    )


@bp.route("/frameworks/new", methods=["GET", "POST"])
@admin_required
def new_framework() -> str | Response:
    form = FrameworkForm()
    if form.validate_on_submit():
        try:
            framework = frameworks.create_framework(
                key=form.key.data,
                name=form.name.data,
                published_on=form.published_on.data,
                description=form.description.data or "",
            )
            db.session.commit()
        except (frameworks.FrameworkKeyTaken, IntegrityError):
            db.session.rollback()
            form.key.errors = ["A framework with this key already exists: choose another"]
        else:
            flash(f"Framework {framework.name} added: now add its asks", "success")
            return redirect(url_for("scorecard.framework", key=framework.key))
    return render_template(
        "scorecard/framework_form.html", page_title="Add a framework", form=form, framework=None
    )


def _render_framework(framework: Framework, ask_form: AskForm | None) -> str:
    context = {"form": ask_form} if ask_form is not None else {}
    return render_template(
        "scorecard/framework.html", page_title=framework.name, framework=framework, **context
    )


@bp.get("/frameworks/<key>")
@login_required
def framework(key: str) -> str:
    found = _framework(key)
    return _render_framework(found, AskForm(formdata=None) if current_user.has_role(Role.ADMIN) else None)


@bp.route("/frameworks/<key>/edit", methods=["GET", "POST"])
@admin_required
def edit_framework(key: str) -> str | Response:
    found = _framework(key)
    form = EditFrameworkForm(obj=found)
    conflict = None
    if form.validate_on_submit():
        submitted = {
            "name": form.name.data,
            "published_on": form.published_on.data,
            "description": form.description.data or "",
        }
        try:
            ensure_current(found, form.version.data)
            frameworks.update_framework(found, **submitted)
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            found = _framework(key)
            conflict = differences(found, submitted, FRAMEWORK_FIELDS)
            form = EditFrameworkForm(obj=found, formdata=None)
        else:
            flash(f"Framework {found.name} saved", "success")
            return redirect(url_for("scorecard.framework", key=found.key))
    form.version.data = found.version
    return render_template(
        "scorecard/framework_form.html",
        page_title=f"Change {found.name}",
        form=form,
        framework=found,
        conflict=conflict,
    )


@bp.post("/frameworks/<key>/asks")
@admin_required
def add_ask(key: str) -> str | Response:
    found = _framework(key)
    form = AskForm()
    if not form.validate():
        return _render_framework(found, form)
    try:
        ask = frameworks.add_ask(found, title=form.title.data, description=form.description.data or "")
        db.session.commit()
    except IntegrityError:
        # Another admin added an ask at the same position a moment ago.
        db.session.rollback()
        form.title.errors = ["Someone else added an ask at the same time: check the list and try again"]
        return _render_framework(_framework(key), form)
    flash(f"Ask {ask.position} added", "success")
    return redirect(url_for("scorecard.framework", key=key))


@bp.route("/frameworks/<key>/asks/<int:ask_id>", methods=["GET", "POST"])
@admin_required
def edit_ask(key: str, ask_id: int) -> str | Response:
    found = _framework(key)
    ask = _ask(found, ask_id)
    form = AskForm(obj=ask)
    conflict = None
    if form.validate_on_submit():
        submitted = {"title": form.title.data, "description": form.description.data or ""}
        try:
            ensure_current(ask, form.version.data)
            frameworks.update_ask(ask, **submitted)
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            found = _framework(key)
            ask = _ask(found, ask_id)
            conflict = differences(ask, submitted, ASK_FIELDS)
            form = AskForm(obj=ask, formdata=None)
        else:
            flash(f"Ask {ask.position} saved", "success")
            return redirect(url_for("scorecard.framework", key=key))
    form.version.data = ask.version
    return render_template(
        "scorecard/ask_form.html",
        page_title=f"Change ask {ask.position} of {found.name}",
        form=form,
        framework=found,
        ask=ask,
        conflict=conflict,
    )


@bp.post("/frameworks/<key>/asks/<int:ask_id>/move")
@admin_required
def move_ask(key: str, ask_id: int) -> Response:
    found = _framework(key)
    ask = _ask(found, ask_id)
    direction = request.form.get("direction", "")
    if direction not in {"up", "down"}:
        abort(400)
    try:
        moved = frameworks.move_ask(ask, up=direction == "up")
        db.session.commit()
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        flash("Someone else reordered the asks at the same time: check the order and try again", "info")
        return redirect(url_for("scorecard.framework", key=key))
    if moved:
        flash(f"“{ask.title}” moved {direction} to position {ask.position}", "success")
    return redirect(url_for("scorecard.framework", key=key, _anchor=f"ask-{ask.id}"))
