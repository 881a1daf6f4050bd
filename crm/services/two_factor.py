"""Two-factor sign-in with time-based one-time codes (TOTP, as authenticator apps use)."""

from __future__ import annotations

import base64
import io

import pyotp
import segno

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
    code = code.replace(" ", "")
    return code.isdigit() and len(code) == 6 and pyotp.TOTP(secret).verify(code, valid_window=1)


def enable(user: User, secret: str) -> None:
    """Turn on two-factor sign-in for the user with a secret they proved they hold."""
    user.totp_secret = secret
    record_event("two-factor-enabled", entity=user)
