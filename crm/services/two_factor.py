"""Two-factor sign-in with time-based one-time codes (TOTP, as authenticator apps use)."""

from __future__ import annotations

import base64
import hmac
import io
from datetime import UTC, datetime

import pyotp
import segno
from sqlalchemy import or_, update

from crm.extensions import db
from crm.models import User
from crm.services.audit import record_event

ISSUER = "Partnership CRM"


def new_secret() -> str:
    """A fresh base32 secret for an authenticator app."""
    return pyotp.random_base32()


def provisioning_uri(user: User, secret: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=ISSUER)


def qr_code_data_uri(uri: str) -> str:
    """The QR code as an SVG data: URI (an <img> source: no markup from user data in the page)."""
    buffer = io.BytesIO()
    segno.make(uri, micro=False).save(buffer, kind="svg", xmldecl=False, scale=5, title="QR code")
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode()


def code_is_valid(secret: str, code: str) -> bool:
    """True for the current code (or the one either side, allowing for clock drift)."""
    return _matching_step(secret, code) is not None


def _matching_step(secret: str, code: str, now: datetime | None = None) -> int | None:
    """The time step whose code this is: the current one or either side (clock drift); else None."""
    code = code.replace(" ", "")
    if not (code.isdigit() and len(code) == 6):
        return None
    totp = pyotp.TOTP(secret)
    current = totp.timecode(now or datetime.now(UTC))
    for step in (current, current - 1, current + 1):
        if hmac.compare_digest(totp.generate_otp(step), code):
            return step
    return None


def accept_sign_in_code(user: User, code: str, now: datetime | None = None) -> bool:
    """True when the code is the user's current one and has not been used before (ASVS 2.8.4).

    The step is claimed with one conditional UPDATE, so of two requests racing with the same code
    only one succeeds; a code from an earlier step than the last accepted one is refused too.
    """
    step = _matching_step(user.totp_secret or "", code, now)
    if step is None:
        return False
    claimed = db.session.execute(
        update(User)
        .where(User.id == user.id, or_(User.totp_last_step.is_(None), User.totp_last_step < step))
        .values(totp_last_step=step)
        .execution_options(synchronize_session=False)
    )
    return bool(claimed.rowcount == 1)  # type: ignore[attr-defined]


def enable(user: User, secret: str) -> None:
    """Turn on two-factor sign-in for the user with a secret they proved they hold."""
    user.totp_secret = secret
    record_event("two-factor-enabled", entity=user)
