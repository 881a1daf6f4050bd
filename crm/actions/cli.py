"""flask actions ...: operations on actions (the reminder digest)."""

from __future__ import annotations

from datetime import datetime

import click
from flask.cli import AppGroup

from crm.services import mail
from crm.services.actions import reminders
from crm.timezones import london_today

actions_cli = AppGroup("actions", help="Outstanding actions: reminder digests.")


@actions_cli.command("remind")
@click.option("--dry-run", is_flag=True, help="Say who would get a digest and send nothing.")
@click.option(
    "--base-url",
    envvar="CRM_BASE_URL",
    default="",
    help="The site's address for links in the emails, e.g. https://crm.example.org/ (or CRM_BASE_URL).",
)
@click.option(
    "--date",
    "on_date",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="The London date to send for (default: today).",
)
def remind(dry_run: bool, base_url: str, on_date: datetime | None) -> None:
    """Email each officer their overdue and due-this-week actions and the partner-owed ones they
    chase. Safe to run more than once a day: an officer gets at most one digest per day."""
    today = on_date.date() if on_date else london_today()
    try:
        settings = mail.settings_from_environment()
    except mail.MailConfigError as error:
        raise click.ClickException(str(error)) from error
    if dry_run:
        digests, already = reminders.plan(today=today)
        for digest in digests:
            click.echo(
                f"  would send to {digest.user.email}: {len(digest.overdue)} overdue, "
                f"{len(digest.due_soon)} due soon, {len(digest.to_chase)} to chase"
            )
        click.echo(
            f"Dry run for {today.isoformat()}: would send {_digests(len(digests))}"
            f" ({already} already sent today); nothing sent."
        )
        return
    if settings is None:
        click.echo("SMTP_HOST is not set: the digests are written to the log instead of being sent.")
    digests, already = reminders.plan(today=today)
    click.echo(f"Sending {_digests(len(digests))} for {today.isoformat()}...")
    try:
        report = reminders.send_digests(
            digests,
            today=today,
            settings=settings,
            base_url=base_url,
            already_sent=already,
            progress=click.echo,
        )
    except OSError as error:  # could not reach the SMTP server at all: nothing was claimed
        raise click.ClickException(f"Could not connect to the SMTP server: {error}") from error
    summary = f"done: {len(report.sent)} sent"
    if report.already_sent:
        summary += f", {report.already_sent} already sent today"
    if report.skipped:
        summary += f", {len(report.skipped)} sent by another run"
    if report.failed:
        summary += f", {len(report.failed)} failed (run again to retry them)"
    click.echo(summary + ".")
    if report.failed:
        raise SystemExit(1)


def _digests(count: int) -> str:
    return f"{count} digest" if count == 1 else f"{count} digests"
