"""Operations from the command line: flask users ..., flask demo ..."""

from __future__ import annotations

import os
import secrets
import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import AppGroup

from crm.demo.synthetic import SIZES
from crm.extensions import db
from crm.models import Role
from crm.services import demo as demo_service
from crm.services import users as user_service
from crm.services.audit_chain import verify_chain

users_cli = AppGroup("users", help="Manage the people who sign in.")
demo_cli = AppGroup("demo", help="Fictional demo data for trying the product.")
audit_cli = AppGroup("audit", help="The audit trail.")

DEMO_PASSWORD_FILE = "demo-password"  # noqa: S105 (a file name, not a password)


def register(app: Flask) -> None:
    from crm.actions.cli import actions_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(demo_cli)
    app.cli.add_command(actions_cli)
    app.cli.add_command(audit_cli)


@users_cli.command("create")
@click.argument("email")
@click.option("--name", default="", help="Full name (defaults to the email).")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.OFFICER.value,
    show_default=True,
)
@click.option("--password-stdin", is_flag=True, help="Read the password from standard input.")
def create_user(email: str, name: str, role: str, password_stdin: bool) -> None:
    """Create a user. The password is asked for (or read from stdin); there is no default."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    try:
        user = user_service.create_user(email=email, name=name, password=password, role=Role(role))
    except user_service.UserError as error:
        db.session.rollback()
        raise click.ClickException(str(error)) from error
    db.session.commit()
    click.echo(f"Created {user.role.value} {user.email} (id {user.id}).")


@audit_cli.command("verify")
def verify_audit() -> None:
    """Check the audit trail's hash chain: exits 1 naming the first edited or missing row."""
    click.echo("Checking the audit trail's hash chain...")
    checked, problem = verify_chain(db.session)
    if problem is not None:
        click.echo(
            f"FAILED after {checked} good events: audit event {problem.event_id} {problem.reason}.", err=True
        )
        sys.exit(1)
    click.echo(f"OK: {checked} events, chain intact.")


@demo_cli.command("load")
@click.option(
    "--size",
    type=click.Choice(["small", *SIZES]),
    default="small",
    show_default=True,
    help="small: the demo. medium: 10,000 organisations, 50,000 people, 200,000 engagements, "
    "300,000 actions. large: ten times medium. For benchmarks.",
)
@click.option("--dry-run", is_flag=True, help="Say what would happen and change nothing.")
def load_demo(size: str, dry_run: bool) -> None:
    """Load fictional demo data and demo users. Safe to re-run; refuses a database in real use.

    The demo users' password comes from CRM_DEMO_PASSWORD, else from instance/demo-password,
    else a new one is generated, kept in that file and printed.
    """
    state = demo_service.demo_state()
    if state == demo_service.DemoState.NOT_MIGRATED:
        raise click.ClickException("The database has no schema yet: run 'flask db upgrade' first.")
    if state == demo_service.DemoState.REAL_DATA:
        raise click.ClickException(
            "This database already holds data that is not demo data; refusing to add demo records to it."
        )
    password, source = _demo_password(create=not dry_run)
    if dry_run:
        action = (
            "reset the demo users' password" if state == demo_service.DemoState.LOADED else "load demo data"
        )
        click.echo(f"Dry run: would {action}; nothing changed.")
        return
    if state == demo_service.DemoState.LOADED:
        click.echo("Demo data is already loaded: nothing added.")
        demo_service.reset_demo_passwords(password)
    else:
        click.echo("Loading demo data...")
        summary = demo_service.load(password=password)
        click.echo(
            f"  {summary.organisations} organisations, {summary.people} people, "
            f"{summary.engagements} engagements, {summary.actions} actions, "
            f"{summary.commitments} commitments, {len(summary.users)} users."
        )
    db.session.commit()
    if size != "small":
        _add_volume(size)
    demo_service.refresh_planner_statistics()
    _print_sign_in_details(password, source)


def _add_volume(size: str) -> None:
    if demo_service.loaded_size() == size:
        click.echo(f"The {size} volume is already loaded: nothing added.")
        return
    if demo_service.loaded_size() != "small":
        raise click.ClickException("Another volume is already loaded; start from an empty database.")
    click.echo(f"Adding {size} volume (bulk inserts)...")
    started = time.monotonic()
    demo_service.add_volume(size, progress=click.echo)
    db.session.commit()
    click.echo(f"  done in {time.monotonic() - started:.0f}s.")


def _demo_password(*, create: bool) -> tuple[str, str]:
    """The demo password and where it came from."""
    from_env = os.environ.get("CRM_DEMO_PASSWORD", "")
    if from_env:
        problem = user_service.password_problem(from_env)
        if problem:
            raise click.ClickException(f"CRM_DEMO_PASSWORD: {problem}")
        return from_env, "the CRM_DEMO_PASSWORD environment variable"
    path = Path(current_app.instance_path) / DEMO_PASSWORD_FILE
    if path.exists():
        return path.read_text().strip(), f"{path} (generated on first load)"
    password = secrets.token_urlsafe(12)
    if create:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(password + "\n")
        path.chmod(0o600)
    return password, f"generated now and kept in {path}"


def _print_sign_in_details(password: str, source: str) -> None:
    click.echo("")
    click.echo("Demo sign-in (every demo user has the same password):")
    for email, role in demo_service.demo_users():
        click.echo(f"  {email:<32} {role}")
    click.echo(f"  Password: {password}")
    click.echo(f"  (from {source})")
