"""Sending email over SMTP, configured from the environment.

SMTP_HOST (no host: messages are written to the log instead of sent), SMTP_PORT (587),
SMTP_USERNAME and SMTP_PASSWORD (optional; login only when a username is set), SMTP_FROM (the
sender; required with a host), SMTP_STARTTLS ("1" by default; "0" only for a local relay).
Port 465 uses implicit TLS (SMTP over SSL).
"""

from __future__ import annotations

import logging
import os
import smtplib
import ssl
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formatdate, make_msgid

LOG = logging.getLogger("crm.mail")
TIMEOUT_SECONDS = 30
DEFAULT_PORT = 587
SMTPS_PORT = 465

Send = Callable[[EmailMessage], None]


class MailConfigError(RuntimeError):
    """The SMTP settings in the environment are incomplete or malformed."""


@dataclass(frozen=True)
class MailSettings:
    """Where and how to send."""

    host: str
    port: int
    username: str
    password: str
    sender: str
    starttls: bool


def settings_from_environment(environ: Mapping[str, str] | None = None) -> MailSettings | None:
    """SMTP settings from the environment, or None when SMTP_HOST is not set (log instead)."""
    env = os.environ if environ is None else environ
    host = env.get("SMTP_HOST", "").strip()
    if not host:
        return None
    port_text = env.get("SMTP_PORT", "").strip() or str(DEFAULT_PORT)
    if not port_text.isdigit() or not 0 < int(port_text) < 65536:
        raise MailConfigError(f"SMTP_PORT must be a port number, not {port_text!r}")
    sender = env.get("SMTP_FROM", "").strip()
    if not sender:
        raise MailConfigError("SMTP_FROM must be set (the address digests are sent from) with SMTP_HOST")
    return MailSettings(
        host=host,
        port=int(port_text),
        username=env.get("SMTP_USERNAME", "").strip(),
        password=env.get("SMTP_PASSWORD", ""),
        sender=sender,
        starttls=env.get("SMTP_STARTTLS", "1").strip().lower() not in {"0", "false", "no", "off"},
    )


def sender_address(settings: MailSettings | None) -> str:
    """The From address: SMTP_FROM, or a placeholder when messages only go to the log."""
    return settings.sender if settings else "partnership-crm@localhost"


def make_message(*, sender: str, to: str, subject: str, body: str) -> EmailMessage:
    """A plain-text email."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or None)
    message.set_content(body)
    return message


@contextmanager
def connection(settings: MailSettings | None) -> Iterator[Send]:
    """A function that sends one message, over one SMTP connection for the whole block.

    With no settings, the function writes each message to the "crm.mail" log instead.
    """
    if settings is None:
        yield _log_message
        return
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if settings.port == SMTPS_PORT:
        smtp = smtplib.SMTP_SSL(settings.host, settings.port, timeout=TIMEOUT_SECONDS, context=context)
    else:
        smtp = smtplib.SMTP(settings.host, settings.port, timeout=TIMEOUT_SECONDS)
    with smtp:
        if settings.starttls and settings.port != SMTPS_PORT:
            smtp.starttls(context=context)
        if settings.username:
            smtp.login(settings.username, settings.password)

        def send(message: EmailMessage) -> None:
            smtp.send_message(message)

        yield send


def _log_message(message: EmailMessage) -> None:
    _ensure_log_visible()
    LOG.info(
        "Email not sent (SMTP_HOST is not set):\nFrom: %s\nTo: %s\nSubject: %s\n\n%s",
        message["From"],
        message["To"],
        message["Subject"],
        message.get_content(),
    )


def _ensure_log_visible() -> None:
    """Messages written instead of sent must reach the operator even when logging is not set up."""
    LOG.setLevel(logging.INFO)
    if not LOG.hasHandlers():
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(name)s %(levelname)s %(message)s"))
        LOG.addHandler(handler)
