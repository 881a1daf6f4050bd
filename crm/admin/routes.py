"""/admin: users, teams, settings and the audit trail. Every route is admin-only."""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.wrappers import Response

from crm.admin import bp
from crm.admin.forms import EditUserForm, SettingsForm, TeamForm, UserForm, team_choices
from crm.auth.decorators import admin_required
from crm.extensions import db
from crm.models import Role, Team
from crm.services import audit_log, settings, teams, users
from crm.services.locking import EditConflict, differences, ensure_current
from crm.services.pagination import page_number

USER_FIELDS = {"name": "Full name", "role": "Role", "team": "Team", "active": "Can sign in"}


@bp.route("/")
@admin_required
def index() -> Response:
    return redirect(url_for("admin.users_index"))


@bp.route("/users")
@admin_required
def users_index() -> str:
    page = users.list_users(number=page_number(request.args), per_page=current_app.config["CRM_PAGE_SIZE"])
    return render_template("admin/users.html", page_title="Users", page=page)


@bp.route("/users/new", methods=["GET", "POST"])
@admin_required
def invite_user() -> str | Response:
    form = UserForm()
    all_teams = teams.all_teams()
    form.team_id.choices = team_choices(all_teams)
    if form.validate_on_submit():
        try:
            user = users.invite_user(
                email=form.email.data,
                name=form.name.data,
                role=Role(form.role.data),
                team=_team(form.team_id.data),
            )
        except users.UserError as error:
            form.email.errors = [str(error)]
        else:
            db.session.commit()
            return render_template(
                "admin/invited.html",
                page_title="User invited",
                user=user,
                link=url_for("auth.set_password", token=users.set_password_token(user), _external=True),
            )
    return render_template("admin/user_form.html", page_title="Invite a user", form=form, user=None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin_required
def edit_user(user_id: int) -> str | Response:
    user = users.get_user(user_id) or abort(404)
    form = EditUserForm(obj=user, team_id=str(user.team_id or ""))
    form.team_id.choices = team_choices(teams.all_teams())
    conflict = None
    if form.validate_on_submit():
        submitted = {
            "name": form.name.data,
            "role": Role(form.role.data),
            "team": _team(form.team_id.data),
            "active": form.active.data,
        }
        try:
            ensure_current(user, form.version.data)
            users.update_user(user, reset_two_factor=form.reset_two_factor.data, **submitted)
            db.session.commit()
        except (EditConflict, StaleDataError):
            db.session.rollback()
            user = users.get_user(user_id) or abort(404)
            conflict = differences(user, submitted, USER_FIELDS)
            form = EditUserForm(obj=user, team_id=str(user.team_id or ""), formdata=None)
            form.team_id.choices = team_choices(teams.all_teams())
        else:
            flash(f"{user.name} updated", "success")
            return redirect(url_for("admin.users_index"))
    form.version.data = user.version
    return render_template(
        "admin/user_form.html", page_title=f"Change {user.name}", form=form, user=user, conflict=conflict
    )


@bp.route("/users/<int:user_id>/set-password-link", methods=["POST"])
@admin_required
def set_password_link(user_id: int) -> str:
    """A fresh set-password link for a user who forgot theirs (shown once, to pass on securely)."""
    user = users.get_user(user_id) or abort(404)
    link = url_for("auth.set_password", token=users.set_password_token(user), _external=True)
    return render_template("admin/invited.html", page_title="Set-password link", user=user, link=link)


@bp.route("/teams")
@admin_required
def teams_index() -> str:
    return render_template("admin/teams.html", page_title="Teams", teams=teams.list_teams())


@bp.route("/teams/new", methods=["GET", "POST"])
@bp.route("/teams/<int:team_id>", methods=["GET", "POST"])
@admin_required
def edit_team(team_id: int | None = None) -> str | Response:
    team = (teams.get_team(team_id) or abort(404)) if team_id is not None else None
    form = TeamForm(obj=team)
    conflict = None
    if form.validate_on_submit():
        submitted = {"name": form.name.data, "description": form.description.data}
        try:
            if team is not None:
                ensure_current(team, form.version.data)
            team = teams.save_team(team, **submitted)
            db.session.commit()
        except teams.TeamNameTaken:
            db.session.rollback()
            form.name.errors = ["A team with this name already exists"]
        except (EditConflict, StaleDataError):
            db.session.rollback()
            team = teams.get_team(team_id) or abort(404)
            conflict = differences(team, submitted, {"name": "Team name", "description": "Description"})
            form = TeamForm(obj=team, formdata=None)
        else:
            flash(f"Team {team.name} saved", "success")
            return redirect(url_for("admin.teams_index"))
    if team is not None:
        form.version.data = team.version
    title = f"Change {team.name}" if team else "Add a team"
    return render_template("admin/team_form.html", page_title=title, form=form, team=team, conflict=conflict)


SETTING_FIELDS = {
    "require_two_factor": settings.REQUIRE_TWO_FACTOR,
    "completion_note_required": settings.COMPLETION_NOTE_REQUIRED,
}


@bp.route("/settings", methods=["GET", "POST"])
@admin_required
def settings_page() -> str | Response:
    form = SettingsForm(data={field: settings.flag(key) for field, key in SETTING_FIELDS.items()})
    for field, key in SETTING_FIELDS.items():
        label, hint = settings.FLAGS[key]
        form[field].label.text, form[field].description = label, hint
    if form.validate_on_submit():
        for field, key in SETTING_FIELDS.items():
            settings.set_flag(key, bool(form[field].data))
        db.session.commit()
        flash("Settings saved", "success")
        return redirect(url_for("admin.settings_page"))
    return render_template("admin/settings.html", page_title="Settings", form=form)


@bp.route("/audit")
@admin_required
def audit() -> str:
    filters = audit_log.AuditFilters(
        actor_id=_int_arg("actor"),
        event=request.args.get("event", "")[:40],
        entity_type=request.args.get("entity_type", "")[:60],
        entity_id=_int_arg("entity_id"),
    )
    page = audit_log.list_events(
        filters=filters, number=page_number(request.args), per_page=current_app.config["CRM_PAGE_SIZE"]
    )
    return render_template(
        "admin/audit.html",
        page_title="Audit trail",
        page=page,
        filters=filters,
        event_names=audit_log.event_names(),
        entity_types=audit_log.entity_types(),
        actors=users.list_active_users(),
    )


def _team(value: str | None) -> Team | None:
    return teams.get_team(int(value)) if value and value.isdigit() else None


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() and len(value) < 10 else None
